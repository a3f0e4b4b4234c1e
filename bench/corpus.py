"""A synthetic French corpus for benchmarks: N lessons with front matter, a quiz each, and three tracks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["Le boulanger", "La gérante du salon", "Le garagiste", "L’hôtelière", "Le plombier", "La dirigeante de la PME",
            "Le responsable de l’atelier", "La commerçante", "Le comptable", "Le restaurateur"]
VERBS = ["prépare", "vérifie", "rédige", "classe", "compare", "résume", "planifie", "relit", "mesure", "organise"]
OBJECTS = ["les devis de la semaine", "les avis des clients", "le planning de l’équipe", "les factures en retard",
           "la liste des fournisseurs", "les commandes de Noël", "les données de caisse", "les e-mails du matin",
           "le stock de matières premières", "la publication sur les réseaux sociaux"]
ENDINGS = ["avec l’aide d’un assistant d’intelligence artificielle.", "puis contrôle chaque chiffre avant l’envoi.",
           "sans jamais coller de données personnelles dans l’outil.", "et note le temps gagné dans un tableau.",
           "en gardant la décision finale.", "après avoir relu la réponse de l’outil."]
THEMES = ["bases", "outils", "donnees", "commerce", "artisanat", "industrie", "tourisme", "reglementation"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def lesson(index: int, rng: random.Random) -> tuple[str, str, str]:
    lesson_id = f"lecon-{index:04d}"
    theme = THEMES[index % len(THEMES)]
    sections = "\n\n".join(f"## Partie {n}\n\n{paragraph(rng)}\n\n{paragraph(rng)}" for n in range(1, 5))
    quiz = f"""```quiz
- question: "Que fait-on avant d’envoyer un texte produit par l’IA (leçon {index}) ?"
  type: "single"
  choices: ["On le relit et on vérifie les chiffres", "On l’envoie tel quel"]
  answer: "On le relit et on vérifie les chiffres"
  explanation: "Un assistant peut se tromper : la relecture reste indispensable."
- question: "On peut coller le fichier clients dans un outil grand public."
  type: "truefalse"
  answer: false
  explanation: "Ce sont des données personnelles."
```"""
    text = f"""---
id: "{lesson_id}"
title: "Leçon {index} : {rng.choice(OBJECTS)}"
description: "{sentence(rng)[:150]}"
audiences: ["tpe", "pme", "grand-public"]
level: "debutant"
duration: {rng.randint(8, 25)}
objectives:
  - "Rédiger {rng.choice(OBJECTS)} avec un assistant."
  - "Vérifier la réponse avant de l’utiliser."
updated: 2026-11-26
sources: ["Corpus synthétique de test"]
---

{paragraph(rng)}

{sections}

## Vérifiez vos acquis

{quiz}
"""
    return lesson_id, f"{theme}/{lesson_id}.md", text


def write_corpus(folder: Path, count: int, seed: int = 2030) -> Path:
    """A project in `folder` with `count` lessons split over three tracks of eight modules."""
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    content = folder / "content"
    shutil.copytree(ROOT / "content" / "assets", content / "assets")
    shutil.copy2(ROOT / "content" / "index.md", content / "index.md")
    ids = []
    for index in range(1, count + 1):
        lesson_id, path, text = lesson(index, rng)
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
        ids.append(lesson_id)
    (folder / "tracks").mkdir()
    for rank, (track_id, audience) in enumerate((("tpe", "tpe"), ("pme", "pme"), ("grand-public", "grand-public"))):
        mine = ids[rank::3]
        modules = [mine[i : i + max(1, len(mine) // 8)] for i in range(0, len(mine), max(1, len(mine) // 8))]
        lines = [f'id: "{track_id}"', f'title: "Parcours {track_id}"', f'audience: "{audience}"',
                 'summary: "Parcours synthétique."', 'outcomes: ["Mesurer la construction."]', "modules:"]
        for n, module in enumerate(modules, 1):
            lines += [f'  - title: "Module {n}"', f"    lessons: [{', '.join(module)}]"]
        (folder / "tracks" / f"{track_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A links-free home page: the real one links to track pages that bare Material does not generate.
    (content / "index.md").write_text("---\ntitle: Accueil\n---\n\n# Corpus de mesure\n\nPages synthétiques.\n", encoding="utf-8")
    return folder

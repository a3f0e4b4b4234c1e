"""A synthetic French corpus for benchmarks: N lessons with front matter and a quiz each, one in
twenty of them a Jupyter notebook with data, a printed result and a figure, and three tracks."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = [
    "Le boulanger",
    "La gérante du salon",
    "Le garagiste",
    "L’hôtelière",
    "Le plombier",
    "La dirigeante de la PME",
    "Le responsable de l’atelier",
    "La commerçante",
    "Le comptable",
    "Le restaurateur",
]
VERBS = ["prépare", "vérifie", "rédige", "classe", "compare", "résume", "planifie", "relit", "mesure", "organise"]
OBJECTS = [
    "les devis de la semaine",
    "les avis des clients",
    "le planning de l’équipe",
    "les factures en retard",
    "la liste des fournisseurs",
    "les commandes de Noël",
    "les données de caisse",
    "les e-mails du matin",
    "le stock de matières premières",
    "la publication sur les réseaux sociaux",
]
ENDINGS = [
    "avec l’aide d’un assistant d’intelligence artificielle.",
    "puis contrôle chaque chiffre avant l’envoi.",
    "sans jamais coller de données personnelles dans l’outil.",
    "et note le temps gagné dans un tableau.",
    "en gardant la décision finale.",
    "après avoir relu la réponse de l’outil.",
]
THEMES = ["bases", "outils", "donnees", "commerce", "artisanat", "industrie", "tourisme", "reglementation"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def front_matter(lesson_id: str, title: str, description: str, level: str, duration: int, objectives: list[str]) -> str:
    lines = "\n".join(f'  - "{objective}"' for objective in objectives)
    return f"""---
id: "{lesson_id}"
title: "{title}"
description: "{description}"
audiences: ["tpe", "pme", "grand-public"]
level: "{level}"
duration: {duration}
objectives:
{lines}
updated: 2026-11-26
sources: ["Corpus synthétique de test"]
---"""


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
    title, description, duration = f"Leçon {index} : {rng.choice(OBJECTS)}", sentence(rng)[:150], rng.randint(8, 25)
    objectives = [f"Rédiger {rng.choice(OBJECTS)} avec un assistant.", "Vérifier la réponse avant de l’utiliser."]
    text = f"""{front_matter(lesson_id, title, description, "debutant", duration, objectives)}

{paragraph(rng)}

{sections}

## Vérifiez vos acquis

{quiz}
"""
    return lesson_id, f"{theme}/{lesson_id}.md", text


NOTEBOOK_EVERY = 20  # 50 notebooks among 1,000 lessons


def cell(kind: str, text: str) -> dict:
    extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
    return {"cell_type": kind, "metadata": {}, "source": text, **extra}


def notebook(index: int, rng: random.Random) -> tuple[str, str, str, str]:
    """A notebook lesson like the real ones: front matter, text, pandas on a CSV file, a figure, a quiz."""
    lesson_id = f"carnet-{index:04d}"
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
    data = "jour,ventes\n" + "".join(f"{day},{rng.randint(80, 260)}\n" for day in days)
    title, description, duration = f"Carnet {index} : {rng.choice(OBJECTS)}", sentence(rng)[:150], rng.randint(20, 40)
    front = front_matter(
        lesson_id,
        title,
        description,
        "intermediaire",
        duration,
        ["Lire un fichier de ventes avec pandas.", "Tracer un graphique et le commenter."],
    )
    cells = [
        cell("markdown", front),
        cell("markdown", f"## Pourquoi c’est important\n\n{paragraph(rng)}"),
        cell(
            "code",
            f'import pandas as pd\nimport matplotlib.pyplot as plt\n\nventes = pd.read_csv("{lesson_id}.csv")\n'
            "print(f\"Total de la semaine : {ventes['ventes'].sum()} ventes\")\nventes.describe()",
        ),
        cell("markdown", f"## Regarder les chiffres\n\n{paragraph(rng)}"),
        cell(
            "code",
            "# Description de la figure : diagramme en barres des ventes de chaque jour de la semaine.\n"
            "fig, ax = plt.subplots(figsize=(6, 3))\nax.bar(ventes['jour'], ventes['ventes'], color='#1565c0')\n"
            "ax.set_ylabel('ventes')\nplt.show()",
        ),
        cell(
            "markdown",
            f'## Vérifiez vos acquis\n\n```quiz\n- question: "Que montre le graphique du carnet {index} ?"\n'
            '  type: "single"\n  choices: ["Les ventes de chaque jour", "La météo"]\n'
            '  answer: "Les ventes de chaque jour"\n  explanation: "Une barre par jour de la semaine."\n```',
        ),
    ]
    for number, each in enumerate(cells):
        each["id"] = f"cellule-{number}"
    document = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return lesson_id, f"carnets/{lesson_id}.ipynb", json.dumps(document, ensure_ascii=False, indent=1), data


def write_corpus(folder: Path, count: int, seed: int = 2030) -> Path:
    """A project in `folder` with `count` lessons (one in twenty a notebook) over three tracks of eight modules."""
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    content = folder / "content"
    content.mkdir()
    shutil.copy2(ROOT / "content" / "index.md", content / "index.md")
    ids = []
    for index in range(1, count + 1):
        if index % NOTEBOOK_EVERY == 0:
            lesson_id, path, text, data = notebook(index, rng)
            (content / path).parent.mkdir(parents=True, exist_ok=True)
            (content / path).with_suffix(".csv").write_text(data, encoding="utf-8")
        else:
            lesson_id, path, text = lesson(index, rng)
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
        ids.append(lesson_id)
    (folder / "tracks").mkdir()
    for rank, (track_id, audience) in enumerate((("tpe", "tpe"), ("pme", "pme"), ("grand-public", "grand-public"))):
        mine = ids[rank::3]
        modules = [mine[i : i + max(1, len(mine) // 8)] for i in range(0, len(mine), max(1, len(mine) // 8))]
        lines = [
            f'id: "{track_id}"',
            f'title: "Parcours {track_id}"',
            f'audience: "{audience}"',
            'summary: "Parcours synthétique."',
            'outcomes: ["Mesurer la construction."]',
            "modules:",
        ]
        for n, module in enumerate(modules, 1):
            lines += [f'  - title: "Module {n}"', f"    lessons: [{', '.join(module)}]"]
        (folder / "tracks" / f"{track_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A links-free home page: the real one links to track pages that bare Material does not generate.
    (content / "index.md").write_text(
        "---\ntitle: Accueil\n---\n\n# Corpus de mesure\n\nPages synthétiques.\n", encoding="utf-8"
    )
    return folder

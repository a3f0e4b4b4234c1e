"""The authors' search synonyms (recherche/synonymes.yml): checked by `academie check` with the
file and line of each mistake, and shipped inside the built search index."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_academie
from projects import lesson_text, make_project, track_text

SYNONYMS = "recherche/synonymes.yml"


def project(folder: Path, synonyms: str) -> Path:
    root = make_project(
        folder,
        {"bases/une.md": lesson_text("une", "Une leçon")},
        {"tpe.yml": track_text("tpe", [("Module", ["une"])])},
    )
    (root / SYNONYMS).parent.mkdir(exist_ok=True)
    (root / SYNONYMS).write_text(synonyms, encoding="utf-8")
    return root


def test_mistakes_in_the_synonyms_are_reported_with_their_line(tmp_path):
    root = project(tmp_path, "- [RGPD, données personnelles]\n- [seul]\n- [RGPD, CNIL]\n- deepfake\n")
    result = run_academie("check", root=root)
    assert result.returncode == 1
    errors = result.stderr
    assert f"{SYNONYMS}:2: un groupe doit lister au moins deux mots ou expressions" in errors
    assert f"{SYNONYMS}:3: « RGPD » est déjà dans le groupe de la ligne 1 — réunissez les deux groupes" in errors
    assert f"{SYNONYMS}:4: un groupe doit lister au moins deux mots ou expressions" in errors
    assert "Traceback" not in errors


def test_the_synonyms_arrive_with_the_search_index(site: Path):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ["hypertrucage", "deepfake", "deep fake", "fausse vidéo", "voix clonée"] in index["synonyms"]
    # The pages that are not lessons (syllabi, lists) rank after the lessons.
    boosts = {doc["location"].split("#")[0]: doc.get("boost", 1) for doc in index["docs"]}
    assert boosts["regles/reglement-europeen-ia/"] == 1 and boosts["parcours/tpe/"] < 1

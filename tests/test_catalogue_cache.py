"""The catalogue `academie build` hands to the MkDocs processes it starts: read back as loaded, and
never when a file changed after the command loaded it (the site would show the old text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import lesson_text, make_project, track_text

from academie.content import SHARED_CATALOGUE, catalogue_cache, load_catalogue_cached, load_catalogue_shared


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(
        tmp_path / "projet",
        {"bases/a.md": lesson_text("a", "Première leçon")},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])])},
    )


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    catalogue_cache._cache.clear()


def test_a_mkdocs_process_reads_back_the_catalogue_the_command_loaded(project, tmp_path, monkeypatch):
    shared = tmp_path / "catalogue.pickle"
    loaded, problems = load_catalogue_shared(project, shared)
    assert problems == []
    # Marked in the saved copy only: reading it back, not loading the files, gives the mark.
    saved = catalogue_cache.pickle.loads(shared.read_bytes())
    lesson = saved[2][0].lessons["a"]
    object.__setattr__(lesson, "meta", lesson.meta.model_copy(update={"title": "Titre lu dans la copie"}))
    shared.write_bytes(catalogue_cache.pickle.dumps(saved))
    monkeypatch.setenv(SHARED_CATALOGUE, str(shared))
    assert load_catalogue_cached(project)[0].lessons["a"].title == "Titre lu dans la copie"


def test_a_lesson_edited_after_the_command_loaded_it_is_loaded_again(project, tmp_path, monkeypatch):
    shared = tmp_path / "catalogue.pickle"
    load_catalogue_shared(project, shared)
    (project / "content" / "bases" / "a.md").write_text(lesson_text("a", "Titre corrigé entre-temps"), encoding="utf-8")
    monkeypatch.setenv(SHARED_CATALOGUE, str(shared))
    assert load_catalogue_cached(project)[0].lessons["a"].title == "Titre corrigé entre-temps"


def test_the_copy_of_another_project_is_not_used(project, tmp_path, monkeypatch):
    other = make_project(
        tmp_path / "autre",
        {"bases/a.md": lesson_text("a", "Leçon d’un autre projet")},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])])},
    )
    shared = tmp_path / "catalogue.pickle"
    load_catalogue_shared(other, shared)
    monkeypatch.setenv(SHARED_CATALOGUE, str(shared))
    assert load_catalogue_cached(project)[0].lessons["a"].title == "Première leçon"

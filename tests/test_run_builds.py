"""The process that builds the offline packs one after the other (hooks/run_builds.py): a pack that
fails is named, and does not stop the packs after it."""

from __future__ import annotations

from pathlib import Path

from academie.site.runner import Job, finish_builds, start_builds
from tests.projects import lesson_text, make_project, track_text


def test_a_failed_pack_is_named_and_the_next_one_is_still_built(tmp_path: Path, capfd) -> None:
    project = make_project(
        tmp_path / "projet",
        {"bases/a.md": lesson_text("a"), "bases/b.md": lesson_text("b", audiences=("pme",))},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])]), "pme.yml": track_text("pme", [("Module", ["b"])], "pme")},
    )
    offline = {"ACADEMIE_OFFLINE": "true"}
    jobs = [
        # A pack folder inside content/: MkDocs refuses it before building anything.
        Job("tpe", project / "content" / "paquet", {**offline, "ACADEMIE_PACK": "tpe"}),
        Job("pme", tmp_path / "pme", {**offline, "ACADEMIE_PACK": "pme"}),
    ]
    failed = finish_builds(start_builds(project, jobs, tmp_path / "travail"), jobs)
    assert failed == ["tpe"]
    assert "tpe : échec de la construction" in capfd.readouterr().err
    assert (tmp_path / "pme" / "bases" / "b.html").is_file()
    assert "Leçon b" in (tmp_path / "pme" / "index.html").read_text(encoding="utf-8")

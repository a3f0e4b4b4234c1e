"""The process that builds the offline packs one after the other (hooks/run_builds.py): a pack that
fails is named, and does not stop the packs after it."""

from __future__ import annotations

from pathlib import Path

from conftest import run_academie
from projects import lesson_text, make_project, track_text

from academie.site.runner import Job, finish_builds, start_builds


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
    failed = finish_builds(start_builds(project, jobs, tmp_path / "travail", {}), jobs)
    assert failed == ["tpe"]
    assert "tpe : échec de la construction" in capfd.readouterr().err
    assert (tmp_path / "pme" / "bases" / "b.html").is_file()
    assert "Leçon b" in (tmp_path / "pme" / "index.html").read_text(encoding="utf-8")


def test_a_website_build_that_fails_stops_the_packs_and_keeps_the_previous_site(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "projet",
        {"bases/a.md": lesson_text("a")},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])])},
    )
    assert run_academie("build", root=project).returncode == 0
    site = project / "build" / "site"
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    # A template error: past `academie check`, MkDocs itself fails (the website's and the packs').
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{% endblock %}\n", encoding="utf-8")
    (project / "content" / "bases" / "a.md").write_text(lesson_text("a", "Nouveau titre"), encoding="utf-8")
    result = run_academie("build", root=project)
    assert result.returncode == 1
    assert "le site précédent n’a pas été modifié" in result.stderr
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["nginx.conf", "site"], "no work folder is left behind"

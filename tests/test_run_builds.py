"""The process that builds the offline packs one after the other (hooks/run_builds.py): a pack that
fails is named, and does not stop the packs after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import run_academie
from projects import lesson_text, make_project, track_text

from academie.site.runner import Job, each_finished, finish_builds, give_jobs, start_runner


def _two_tracks(tmp_path: Path) -> Path:
    """A project of two tracks (tpe, pme), one lesson each: two packs to build."""
    return make_project(
        tmp_path / "projet",
        {"bases/a.md": lesson_text("a"), "bases/b.md": lesson_text("b", audiences=("pme",))},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])]), "pme.yml": track_text("pme", [("Module", ["b"])], "pme")},
    )


def test_a_failed_pack_is_named_and_the_next_one_is_still_built(tmp_path: Path, capfd) -> None:
    project = _two_tracks(tmp_path)
    offline = {"ACADEMIE_OFFLINE": "true"}
    jobs = [
        # A pack folder inside content/: MkDocs refuses it before building anything.
        Job("tpe", project / "content" / "paquet", {**offline, "ACADEMIE_PACK": "tpe"}),
        Job("pme", tmp_path / "pme", {**offline, "ACADEMIE_PACK": "pme"}),
    ]
    runner = start_runner(project, tmp_path / "travail", {})
    give_jobs(runner, project, jobs)
    failed = finish_builds(runner, jobs)
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


def _processes_in(folder: Path) -> list[str]:
    """The command lines of the running processes that name a file of `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:  # ended meanwhile, or not a process
            continue
        if str(folder) in command:
            found.append(command)
    return found


def test_a_build_stopped_by_the_content_leaves_no_waiting_process(tmp_path: Path) -> None:
    # The website's and the packs' processes start before the content is read: refused content
    # stops them, and a build that has nothing to rebuild in a pack stops the packs' one.
    project = make_project(
        tmp_path / "projet",
        {"bases/a.md": lesson_text("a")},
        {"tpe.yml": track_text("tpe", [("Module", ["a"])])},
    )
    assert run_academie("build", root=project).returncode == 0
    assert not _processes_in(project)
    (project / "content" / "bases" / "a.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    # Output into a file, not a pipe: a pipe would make us wait for every process that holds it.
    log = tmp_path / "journal.txt"
    with log.open("w", encoding="utf-8") as out:
        command = [sys.executable, "-m", "academie.cli", "--root", str(project), "build"]
        code = subprocess.run(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        ).returncode
    assert code == 1 and "le site précédent n’a pas été modifié" in log.read_text(encoding="utf-8")
    assert not _processes_in(project), "a process started for the build is still running"


def test_a_runner_stopped_before_its_builds_ends_quietly(tmp_path: Path) -> None:
    # A build refused by the content closes the waiting process's input without giving it builds:
    # it must end without a traceback in the author's terminal (it once printed a JSON error).
    project = make_project(
        tmp_path / "projet", {"bases/a.md": lesson_text("a")}, {"tpe.yml": track_text("tpe", [("Module", ["a"])])}
    )
    result = subprocess.run(
        [sys.executable, str(project / "hooks" / "run_builds.py"), str(tmp_path / "resultats.json")],
        cwd=project,
        input="",
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert not (tmp_path / "resultats.json").exists()


def test_each_pack_is_handed_over_as_soon_as_it_is_built(tmp_path: Path) -> None:
    # `academie build` zips a pack while the next one is built: the first pack is reported done
    # (its folder complete) while the process still builds the second.
    project = _two_tracks(tmp_path)
    offline = {"ACADEMIE_OFFLINE": "true"}
    jobs = [
        Job("tpe", tmp_path / "tpe", {**offline, "ACADEMIE_PACK": "tpe"}),
        Job("pme", tmp_path / "pme", {**offline, "ACADEMIE_PACK": "pme"}),
    ]
    runner = start_runner(project, tmp_path / "travail", {})
    give_jobs(runner, project, jobs)
    seen = []
    for job, succeeded in each_finished(runner, jobs):
        seen.append((job.name, succeeded, runner.process.poll() is None, (job.out / "index.html").is_file()))
    assert seen[0] == ("tpe", True, True, True), "the first pack is handed over before the process ends"
    assert seen[1][:2] == ("pme", True) and runner.process.returncode == 0


def test_the_packs_a_runner_never_finished_are_failed(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "projet", {"bases/a.md": lesson_text("a")}, {"tpe.yml": track_text("tpe", [("Module", ["a"])])}
    )
    jobs = [Job("tpe", tmp_path / "tpe", {"ACADEMIE_PACK": "tpe"}), Job("pme", tmp_path / "pme", {})]
    runner = start_runner(project, tmp_path / "travail", {})
    runner.process.kill()  # died before any build: no results file
    assert runner.process.stdin is not None
    runner.process.stdin.close()
    assert finish_builds(runner, jobs) == ["tpe", "pme"]

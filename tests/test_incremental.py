"""Only what changed is rebuilt: with nothing changed, `academie build` says so in one line and rewrites
nothing; an offline pack none of whose inputs changed is taken from the cache (.cache/paquets/<key>/,
byte for byte), and a change to one of its lessons, to a template, to mkdocs.yml or to the site
address makes `academie build` build it again."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from projects import lesson_text, make_project, track_text

UNCHANGED = "Paquets hors ligne inchangés : repris du cache"
NOTHING = "Rien n’a changé depuis la dernière construction : build/site gardé tel quel"
BUILT = "Paquet hors ligne prêt : academie-ia-{track}-"


def academie_build(root: Path, *options: str, **env: str) -> str:
    """The build's messages (stdout and stderr, in that order)."""
    result = subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(root), "build", *options],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout + result.stderr


def rebuilt(output: str) -> set[str]:
    return {track for track in ("alpha", "beta") if BUILT.format(track=track) in output}


def cache_entries(root: Path) -> dict[str, tuple[int, int]]:
    """Each cached ZIP file with its inode and modification time: a rewritten file changes them."""
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in (root / ".cache" / "paquets").glob("*/*.zip")
    }


def published(root: Path) -> dict[str, str]:
    folder = root / "build" / "site" / "telechargements"
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.glob("*.zip")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two tracks that share no lesson (beta links to a lesson of alpha, which its pack sends to the
    website), built once so that the cache holds both packs."""
    root = make_project(
        tmp_path_factory.mktemp("incremental") / "projet",
        {
            "bases/un.md": lesson_text("un"),
            "bases/deux.md": lesson_text("deux"),
            "pme/trois.md": lesson_text(
                "trois", audiences=("pme",), body="## Texte\n\nVoir aussi [la leçon un](../bases/un.md).\n"
            ),
        },
        {
            "alpha.yml": track_text("alpha", [("Module A", ["un", "deux"])]),
            "beta.yml": track_text("beta", [("Module B", ["trois"])], audience="pme"),
        },
    )
    output = academie_build(root)
    assert rebuilt(output) == {"alpha", "beta"}, output
    # The .gz files of a first build, the downloads page's too (written before the packs' sizes
    # were filled in, then again).
    assert_compressed_copies_current(root)
    assert "@@academie-en-attente" not in gzip.decompress(
        (root / "build" / "site" / "telechargements" / "index.html.gz").read_bytes()
    ).decode("utf-8")
    return root


def assert_compressed_copies_current(root: Path) -> None:
    """Every .gz file nginx sends is its file's current bytes."""
    compressed = list((root / "build" / "site").rglob("*.gz"))
    assert len(compressed) > 10
    for packed in compressed:
        assert gzip.decompress(packed.read_bytes()) == packed.with_suffix("").read_bytes(), packed


def written(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of build/ with its inode and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in (root / "build").rglob("*")
        if path.is_file()
    }


def test_nothing_changed_says_so_in_one_line_and_rewrites_nothing(project: Path) -> None:
    academie_build(project)  # whatever an earlier test left, the site is now current
    before = written(project)
    assert len(before) > 20
    output = academie_build(project)
    assert output.strip().splitlines() == [output.strip()], output
    assert output.startswith(NOTHING), output
    assert written(project) == before, "no file of build/ was written again"


def test_an_author_edit_after_a_build_is_not_missed(project: Path) -> None:
    lesson = project / "content" / "bases" / "deux.md"
    edit(lesson, "Contenu de la leçon deux.", "Contenu de la leçon deux, complété.")
    output = academie_build(project)
    assert NOTHING not in output
    page = project / "build" / "site" / "bases" / "deux" / "index.html"
    assert "Contenu de la leçon deux, complété." in page.read_text(encoding="utf-8")
    # The .gz files nginx sends: those of unchanged files come from the previous build, none is stale.
    assert_compressed_copies_current(project)
    assert academie_build(project).startswith(NOTHING)


def test_forced_build_takes_every_pack_from_the_cache_byte_for_byte(project: Path) -> None:
    before_cache, before_site = cache_entries(project), published(project)
    assert len(before_cache) == 4  # two packs, each with its SCORM package
    output = academie_build(project, "--forcer")
    assert UNCHANGED in output.splitlines(), output
    assert rebuilt(output) == set(), output
    assert "Paquet SCORM 1.2 prêt" not in output
    assert cache_entries(project) == before_cache, "no cached ZIP was written again"
    assert published(project) == before_site, "the site publishes the same bytes"
    assert len(before_site) == 4


def test_an_edited_lesson_rebuilds_its_pack_only(project: Path) -> None:
    before = cache_entries(project)
    edit(project / "content" / "bases" / "un.md", "Contenu de la leçon un.", "Contenu revu de la leçon un.")
    output = academie_build(project)
    assert rebuilt(output) == {"alpha"}, output
    assert "Paquets hors ligne inchangés, repris du cache : beta" in output
    after = cache_entries(project)
    beta = [name for name in before if "-beta-" in name]
    assert {name: after[name] for name in beta} == {name: before[name] for name in beta}
    assert len(after) == 4, "the old alpha entry is pruned"
    assert set(after) == set(before)
    # The new text is in the pack the site now publishes.
    pack = next((project / "build" / "site" / "telechargements").glob("academie-ia-alpha-0*.zip"))
    with zipfile.ZipFile(pack) as archive:
        page = next(name for name in archive.namelist() if name.endswith("un.html"))
        assert "Contenu revu de la leçon un." in archive.read(page).decode()
    # The site was built while the pack was zipped: its downloads page gives the new ZIP's size and digest.
    downloads = (project / "build" / "site" / "telechargements" / "index.html").read_text(encoding="utf-8")
    for name, digest in published(project).items():
        assert name in downloads and digest in downloads, name
    size = (project / "build" / "site" / "telechargements" / pack.name).stat().st_size
    assert f"{size / 1_000_000:.1f}".replace(".", ",") + "\u00a0Mo" in downloads
    assert not [
        p for p in (project / "build" / "site").rglob("*") if p.is_file() and b"@@academie-en-attente" in p.read_bytes()
    ]


def test_a_changed_template_rebuilds_every_pack(project: Path) -> None:
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# modifié #}\n", encoding="utf-8")
    assert rebuilt(academie_build(project)) == {"alpha", "beta"}
    assert UNCHANGED in academie_build(project, "--forcer")


def test_a_changed_configuration_rebuilds_every_pack(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    assert rebuilt(academie_build(project)) == {"alpha", "beta"}


def test_another_site_address_rebuilds_every_pack(project: Path) -> None:
    assert UNCHANGED in academie_build(project, "--forcer")
    output = academie_build(project, ACADEMIE_SITE_URL="https://ailleurs.example.org/")
    assert rebuilt(output) == {"alpha", "beta"}, output
    # The link out of the pack now leads to the new address.

    pack = next((project / "build" / "site" / "telechargements").glob("academie-ia-beta-0*.zip"))
    with zipfile.ZipFile(pack) as archive:
        texts = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".html"))
    assert "https://ailleurs.example.org/bases/un/" in texts


INCREMENTAL = "Leçons modifiées depuis la dernière construction : 1 — seules leurs pages sont refaites."


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_edited_sentence_rebuilds_only_its_pages_as_a_full_build_would(project: Path, tmp_path: Path) -> None:
    site = project / "build" / "site"
    academie_build(project)
    # A witness shares every file of the current site (hard links): anything written into one shows.
    witness = tmp_path / "temoin"
    subprocess.run(["cp", "-al", str(site), str(witness)], check=True)
    before = snapshot(witness)
    inodes = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    edit(project / "content" / "pme" / "trois.md", "Voir aussi", "Une phrase de plus. Voir aussi")

    output = academie_build(project)
    assert INCREMENTAL in output.splitlines(), output
    assert "Paquet beta : seules les pages des leçons modifiées sont refaites" in output, output
    assert snapshot(witness) == before, "the previous site's files were replaced, never written into"
    page = site / "pme" / "trois" / "index.html"
    assert "Une phrase de plus." in page.read_text(encoding="utf-8")
    assert "Une phrase de plus." in (site / "parcours" / "beta" / "livret" / "index.html").read_text(encoding="utf-8")
    kept = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.stat().st_ino == inodes.get(p.relative_to(site).as_posix())
    }
    assert "bases/un/index.html" in kept and "index.html" in kept, "pages the edit does not touch are not rewritten"
    assert "pme/trois/index.html" not in kept

    # Byte for byte what a full build makes of the same content, search index, .gz files and packs
    # included (the packs' ZIP cache emptied: they are built again, in full).
    for entry in (project / ".cache" / "paquets").iterdir():
        if entry.name != "arbres":
            shutil.rmtree(entry)
    full = tmp_path / "complet"
    result = subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(project), "build", "--forcer", "--site-dir", str(full)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert rebuilt(result.stderr) == {"alpha", "beta"} and "seules les pages" not in result.stderr, result.stderr
    ours, theirs = snapshot(site), snapshot(full)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_changed_title_rebuilds_every_page(project: Path) -> None:
    academie_build(project)
    edit(project / "content" / "bases" / "deux.md", 'title: "Leçon deux"', 'title: "Leçon deux, revue"')
    output = academie_build(project)
    assert "seules leurs pages sont refaites" not in output, output
    # Another page's menu shows the new title.
    assert "Leçon deux, revue" in (project / "build" / "site" / "bases" / "un" / "index.html").read_text(
        encoding="utf-8"
    )


def test_the_records_of_a_removed_site_folder_are_dropped(project: Path, tmp_path: Path) -> None:
    records = project / ".cache" / "constructions"
    elsewhere = tmp_path / "ailleurs" / "site"
    output = academie_build(project, "--site-dir", str(elsewhere))
    assert "Site construit dans" in output, output
    before = {path.name for path in records.iterdir()}
    assert len(before) >= 2  # build/site's and this folder's
    shutil.rmtree(elsewhere)
    academie_build(project, "--forcer")
    after = {path.name for path in records.iterdir()}
    assert len(after) == len(before) - 1
    assert academie_build(project).startswith(NOTHING), "build/site's record is kept"

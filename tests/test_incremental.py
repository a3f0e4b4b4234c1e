"""Only what changed is rebuilt: an offline pack none of whose inputs changed is taken from the cache
(.cache/paquets/<key>/, byte for byte), and a change to one of its lessons, to a template, to mkdocs.yml
or to the site address makes `academie build` build it again."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from projects import lesson_text, make_project, track_text

UNCHANGED = "Paquets hors ligne inchangés : repris du cache"
BUILT = "Paquet hors ligne prêt : academie-ia-{track}-"


def academie_build(root: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stderr


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
    return root


def test_nothing_changed_takes_every_pack_from_the_cache_byte_for_byte(project: Path) -> None:
    before_cache, before_site = cache_entries(project), published(project)
    assert len(before_cache) == 4  # two packs, each with its SCORM package
    output = academie_build(project)
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


def test_a_changed_template_rebuilds_every_pack(project: Path) -> None:
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# modifié #}\n", encoding="utf-8")
    assert rebuilt(academie_build(project)) == {"alpha", "beta"}
    assert UNCHANGED in academie_build(project)


def test_a_changed_configuration_rebuilds_every_pack(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    assert rebuilt(academie_build(project)) == {"alpha", "beta"}


def test_another_site_address_rebuilds_every_pack(project: Path) -> None:
    assert UNCHANGED in academie_build(project)
    output = academie_build(project, ACADEMIE_SITE_URL="https://ailleurs.example.org/")
    assert rebuilt(output) == {"alpha", "beta"}, output
    # The link out of the pack now leads to the new address.

    pack = next((project / "build" / "site" / "telechargements").glob("academie-ia-beta-0*.zip"))
    with zipfile.ZipFile(pack) as archive:
        texts = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".html"))
    assert "https://ailleurs.example.org/bases/un/" in texts

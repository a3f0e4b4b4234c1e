"""The offline packs' cache: a pack's ZIP files are kept under `.cache/paquets/<key>/`, where the key
hashes every input of that pack's build, and reused as they are while the key stays the same.

The inputs: the pack's lessons and the files they show (the same rule as the build, `kept_in_pack`),
the list of the site's pages (links out of a pack go to the website), the tracks, the search synonyms,
mkdocs.yml, hooks/, overrides/, the package's source (templates and platform assets included) and
version, the versions of MkDocs and Material, the vendored worker shim, the site address and the
pack's date.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from academie.content.catalogue import Catalogue
from academie.content.links import generated_sources, lesson_references
from academie.site.hard_links import hard_link
from academie.site.packs import academie_version

CACHE_DIR = Path(".cache") / "paquets"
# Bump when the key's recipe changes, so that no pack made under the old recipe is reused.
KEY_FORMAT = "2"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Files of the project outside content/ that every pack's build reads.
PROJECT_INPUTS = (
    "mkdocs.yml",
    "hooks",
    "overrides",
    "tracks",
    "orientation.yml",
    "recherche",  # the authors' search synonyms, in every pack's index
    "node_modules/iframe-worker/shim/index.js",
)
# What the build reads from the environment (mkdocs.yml's !ENV tags).
ENV_INPUTS = ("ACADEMIE_SITE_URL",)
PAGE_SUFFIXES = (".md", ".ipynb")


def kept_in_pack(source: str, lesson_folders: set[str], referenced: set[str]) -> bool:
    """Whether a file of content/ that is not a page goes into a pack: the platform assets, every file
    a lesson of the pack shows or links to, and the images next to its lessons (or in their img*/ folders)."""
    return (
        source.startswith("assets/")
        or source in referenced
        or posixpath.dirname(source).split("/img")[0] in lesson_folders
    )


def input_files(path: Path) -> Iterable[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        for found in sorted(path.rglob("*")):
            if found.is_file() and "__pycache__" not in found.parts and found.suffix != ".pyc":
                yield found


def add_file(digest: hashlib._Hash, name: str, path: Path) -> None:
    digest.update(f"\0file\0{name}\0".encode())
    digest.update(path.read_bytes())


def _distribution(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def shared_key(root: Path) -> hashlib._Hash:
    """The digest of what every pack depends on; copy it, then add one pack's own inputs."""
    digest = hashlib.sha256(f"format {KEY_FORMAT}\0".encode())
    for name in ("academie", "mkdocs", "mkdocs-material"):
        digest.update(f"\0version\0{name}\0{_distribution(name)}".encode())
    digest.update(f"\0academie\0{academie_version()}".encode())
    for path in input_files(PACKAGE_DIR):
        add_file(digest, "academie/" + path.relative_to(PACKAGE_DIR).as_posix(), path)
    for name in PROJECT_INPUTS:
        for path in input_files(root / name):
            add_file(digest, path.relative_to(root).as_posix(), path)
    for name in ENV_INPUTS:
        digest.update(f"\0env\0{name}\0{os.environ.get(name, '')}".encode())
    return digest


def pack_key(catalogue: Catalogue, track_id: str, epoch: str, shared: hashlib._Hash, files: Mapping[str, str]) -> str:
    """The key of one pack: `shared` (see shared_key) plus its lessons, their files and the site's
    pages. `files`: every file of content/ with its SHA-256 (incremental.content_digests)."""
    digest = shared.copy()
    digest.update(f"\0pack\0{track_id}\0{epoch}".encode())
    track = catalogue.track(track_id)
    digest.update(track.model_dump_json().encode())
    lessons = catalogue.track_lessons(track)
    all_files = sorted(files)
    # The site's pages: a link out of the pack leads to the website only if the page exists there.
    digest.update("\0".join(["site", *all_files, *sorted(generated_sources(catalogue))]).encode())
    own = {lesson.notebook or lesson.source for lesson in lessons}
    folders = {posixpath.dirname(lesson.source) for lesson in lessons}
    referenced: set[str] = set().union(*(lesson_references(lesson) for lesson in lessons))
    for source in all_files:
        if source in own or (not source.endswith(PAGE_SUFFIXES) and kept_in_pack(source, folders, referenced)):
            digest.update(f"\0file\0{source}\0{files[source]}".encode())
    return digest.hexdigest()[:24]


def cached_files(root: Path, key: str, names: list[str]) -> list[Path] | None:
    """The cached ZIP files of a key, if all of them are there."""
    folder = root / CACHE_DIR / key
    paths = [folder / name for name in names]
    return paths if all(path.is_file() for path in paths) else None


def store(root: Path, key: str, built: list[Path]) -> list[Path]:
    """Keep freshly built ZIP files under their key (written aside, then renamed: never half a cache entry)."""
    cache = root / CACHE_DIR
    partial = cache / f".{key}-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for path in built:
        hard_link(path, partial / path.name)  # a ZIP file is never written into once made
    target = cache / key
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return [target / path.name for path in built]


def prune(root: Path, keep: set[str]) -> None:
    """Remove the cache entries of keys no pack has any more."""
    cache = root / CACHE_DIR
    if cache.is_dir():
        for entry in cache.iterdir():
            if entry.name not in keep and not entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)

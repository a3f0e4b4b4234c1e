"""The whole build's key: when no input of `academie build` changed since the last good build of a
site folder, that build is kept as it is and nothing is rewritten.

The key adds every file of content/ and the site folder's path (the nginx configuration names it)
to what every offline pack depends on (`shared_key`: the package, its templates and assets, MkDocs
and Material's versions, mkdocs.yml, hooks/, overrides/, tracks/, the synonyms, the site address).
It is computed before anything is read, so a file edited during a build makes the next one run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path


def site_key(shared: str, site_dir: Path, files: dict[str, str]) -> str:
    """`shared`: shared_key's digest; `files`: every file of content/ with its digest (content_digests)."""
    digest = hashlib.sha256(f"{shared}\0site\0{site_dir.resolve()}".encode())
    for name, file_digest in sorted(files.items()):
        digest.update(f"\0{name}\0{file_digest}".encode())
    return digest.hexdigest()


RECORDS_DIR = Path(".cache") / "constructions"


def records(root: Path, site_dir: Path) -> Path:
    """What is kept of the last good build of a site folder, in .cache/ (nothing beside the site
    but the site and its nginx configuration): its key, its state and its pages' titles."""
    name = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return root / RECORDS_DIR / name


def key_path(root: Path, site_dir: Path) -> Path:
    return records(root, site_dir) / "cle"


def state_path(root: Path, site_dir: Path) -> Path:
    """What the site was built from (BuildState), for the next build to see what changed."""
    return records(root, site_dir) / "etat.json"


def titles_path(root: Path, site_dir: Path) -> Path:
    """Every page's title, for an incremental build's menus."""
    return records(root, site_dir) / "titres.json"


def is_current(root: Path, site_dir: Path, key: str) -> bool:
    path = key_path(root, site_dir)
    return site_dir.is_dir() and path.is_file() and path.read_text(encoding="utf-8").strip() == key


def forget(root: Path, site_dir: Path) -> None:
    key_path(root, site_dir).unlink(missing_ok=True)


def remember(root: Path, site_dir: Path, key: str) -> None:
    path = key_path(root, site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / SITE_FILE).write_text(str(site_dir.resolve()), encoding="utf-8")
    partial = path.with_name(f"{path.name}-{os.getpid()}")
    partial.write_text(key + "\n", encoding="utf-8")
    partial.replace(path)
    _prune(root)


SITE_FILE = "dossier"  # the site folder a record is about


def _prune(root: Path) -> None:
    """Drop the records of site folders that no longer exist (a temporary folder, build/ removed)."""
    for record in (root / RECORDS_DIR).iterdir():
        folder = record / SITE_FILE
        if folder.is_file() and not Path(folder.read_text(encoding="utf-8")).is_dir():
            shutil.rmtree(record, ignore_errors=True)

"""The whole build's key: when no input of `academie build` changed since the last good build of a
site folder, that build is kept as it is and nothing is rewritten.

The key adds every file of content/ and the site folder's path (the nginx configuration names it)
to what every offline pack depends on (`shared_key`: the package, its templates and assets, MkDocs
and Material's versions, mkdocs.yml, hooks/, overrides/, tracks/, the synonyms, the site address).
It is computed before anything is read, so a file edited during a build makes the next one run.
"""

from __future__ import annotations

import os
from pathlib import Path

from academie.site.pack_cache import add_file, input_files, shared_key


def site_key(root: Path, site_dir: Path) -> str:
    digest = shared_key(root)
    digest.update(f"\0site\0{site_dir.resolve()}".encode())
    content = root / "content"
    for path in input_files(content):
        add_file(digest, "content/" + path.relative_to(content).as_posix(), path)
    return digest.hexdigest()


def key_path(site_dir: Path) -> Path:
    """Beside the site, not in it: nothing that is not the site is published."""
    return site_dir.parent / f".{site_dir.name}.cle"


def is_current(site_dir: Path, key: str) -> bool:
    path = key_path(site_dir)
    return site_dir.is_dir() and path.is_file() and path.read_text(encoding="utf-8").strip() == key


def forget(site_dir: Path) -> None:
    key_path(site_dir).unlink(missing_ok=True)


def remember(site_dir: Path, key: str) -> None:
    path = key_path(site_dir)
    partial = path.with_name(f"{path.name}-{os.getpid()}")
    partial.write_text(key + "\n", encoding="utf-8")
    partial.replace(path)

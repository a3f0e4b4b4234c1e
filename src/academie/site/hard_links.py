"""An output copied as hard links, for an incremental build (incremental.py): the copy is instant,
and a file still shared with the previous output is one nobody wrote since. The drawn images (cards,
QR codes) are hard links of their cache's files too: 3,000 files at 1,000 lessons, not copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def hard_link_copy(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source` whose files are hard links: instant, and safe as long as
    every writer replaces a file (unlink, then write) instead of writing into it — the incremental
    build's hooks unlink each file before MkDocs writes it."""
    for folder, _dirs, names in os.walk(source):
        relative = os.path.relpath(folder, source)
        into = target / relative if relative != "." else target
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError:  # another file system (a site folder outside the project): a real copy
                shutil.copy2(os.path.join(folder, name), into / name)


def hard_link(source: Path, target: Path) -> None:
    """`target` becomes `source` itself (a hard link), or a copy on another file system; an existing
    `target` is replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def same_file(path: Path, other: Path) -> bool:
    """Whether both exist and are one file (a hard link of the previous output's, not written since)."""
    try:
        return path.samefile(other)
    except OSError:
        return False


def replace_bytes(path: Path, data: bytes) -> None:
    """Write `data` as `path`'s content without ever writing into a file another output shares (a
    hard link): such a file is unlinked first. Any other file is written in place, which keeps its
    inode: a new file costs much more than a rewrite on a file system that has just deleted many
    (ext4 without a journal skips recently freed inodes one by one)."""
    try:
        shared = path.stat().st_nlink > 1
    except FileNotFoundError:
        shared = False
    if shared:
        path.unlink()
    path.write_bytes(data)


def replace_text(path: Path, text: str) -> None:
    """`replace_bytes` for a text, in UTF-8."""
    replace_bytes(path, text.encode("utf-8"))

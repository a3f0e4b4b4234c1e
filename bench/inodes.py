"""Time what creating files costs on this machine's file system, first in a fresh folder, then just
after as many files were deleted: on ext4 without a journal (the development machine's), each file
created skips, one by one, every inode freed in the last minute, so a cold build run right after
deleting the previous one (`rm -rf build .cache`) pays for it. make bench puts the previous outputs
aside instead (bench.py, Aside), for every build it measures.

Use: .venv/bin/python bench/inodes.py [N] [folder]   (15,000 files by default, in a temporary folder
next to the project: /tmp may be another file system)"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path


def create(folder: Path, count: int) -> float:
    """Seconds of processor time to create `count` small files, ten per subfolder, as a site's pages."""
    folder.mkdir(parents=True)
    started = time.process_time()
    for number in range(count):
        sub = folder / f"d{number // 10}"
        if number % 10 == 0:
            sub.mkdir()
        (sub / f"page-{number}.html").write_bytes(b"x" * 3000)
    return time.process_time() - started


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 15_000
    parent = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(dir=parent, prefix=".inodes-") as work:
        fresh = create(Path(work) / "a", count)
        shutil.rmtree(Path(work) / "a")
        after = create(Path(work) / "b", count)
    print(f"{count} fichiers créés dans un dossier neuf : {fresh:.2f} s de calcul".replace(".", ","))
    print(f"{count} fichiers créés juste après en avoir supprimé autant : {after:.2f} s de calcul".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())

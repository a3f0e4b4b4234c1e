"""Time the Jupyter Book edition of a project's notebooks alone: the book written as `academie build`
writes it (from the notebooks' cache: run a build first), then `jupyter-book build` on it, N times;
prints the wall and CPU time of each run (the process and its children).

Use: .venv/bin/python bench/edition.py <project> [runs]   (the corpus of make bench, say; 3 runs by default)"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from academie.content import load_catalogue
from academie.notebooks.edition import BookWriter, run_jupyter_book


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    root = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    catalogue, _ = load_catalogue(root)
    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / "livre"
        book.mkdir()
        BookWriter(root, catalogue, book).write()
        for run in range(1, runs + 1):
            output = Path(work) / f"sortie-{run}"
            started, cpu = time.monotonic(), children_cpu()
            result = run_jupyter_book(book, output)
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return 1
            wall, spent = time.monotonic() - started, children_cpu() - cpu
            print(
                f"jupyter-book build, essai {run}\u00a0: {wall:.2f} s réelles, {spent:.2f} s de calcul".replace(
                    ".", ","
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

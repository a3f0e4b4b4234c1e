"""Rebuild times of `academie build` on a copy of the real project, with and without the packs' cache.

Without the cache (`.cache/paquets/` removed before each build) is what every build did before the
cache existed: the three packs built again each time. Prints the median of --runs builds per case.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from projects import copy_real_project  # noqa: E402

LESSON = Path("content/tpe/rediger-devis-et-e-mails.md")  # in the TPE track only


def build(root: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academie-rebuild-") as work:
        root = copy_real_project(Path(work) / "projet")
        print(f"1re construction (cache vide) : {build(root):.1f} s")
        build(root)
        rows = []
        for case in ("rien de modifié", "une leçon modifiée"):
            for cached in (False, True):
                times = []
                for run in range(args.runs):
                    if case == "une leçon modifiée":
                        with (root / LESSON).open("a", encoding="utf-8") as lesson:
                            lesson.write(f"\nUne phrase ajoutée ({cached}, {run}).\n")
                    if not cached:
                        shutil.rmtree(root / ".cache" / "paquets", ignore_errors=True)
                    times.append(build(root))
                rows.append((case, "avec" if cached else "sans", statistics.median(times)))
        print("| cas | cache des paquets | durée médiane (s) |")
        print("| --- | --- | ---: |")
        for case, cached, seconds in rows:
            print(f"| {case} | {cached} | {seconds:.1f} |")


if __name__ == "__main__":
    main()

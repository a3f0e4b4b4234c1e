"""Rebuild times of `academie build` on a copy of the real project (its lessons, tracks and notebooks).

Cases, each the median of --runs builds: the whole site rebuilt (`--forcer`; packs and notebooks
from their cache), nothing changed, and one sentence added to a lesson of one track (the partial rebuild).
"""

from __future__ import annotations

import argparse
import os
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


def build(root: Path, *options: str) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(root), "build", *options],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        sys.exit(f"bench/rebuild.py : la construction a échoué\n{result.stderr}")
    return time.monotonic() - started, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academie-rebuild-") as work:
        root = copy_real_project(Path(work) / "projet")
        print(f"1re construction (cache vide) : {build(root)[0]:.1f} s".replace(".", ","), file=sys.stderr)
        rows = []
        for case in (
            "tout le site refait (--forcer ; paquets et carnets repris du cache)",
            "rien de modifié",
            "une leçon modifiée",
        ):
            times = []
            for run in range(args.runs):
                if case == "une leçon modifiée":
                    with (root / LESSON).open("a", encoding="utf-8") as lesson:
                        lesson.write(f"\nUne phrase ajoutée pour la mesure {run}.\n")
                seconds, output = build(root, *(["--forcer"] if "--forcer" in case else []))
                expected = {
                    "rien de modifié": "Rien n’a changé",
                    "une leçon modifiée": "seules leurs pages sont refaites",
                }.get(case)
                if expected and expected not in output:
                    sys.exit(f"bench/rebuild.py : « {case} » n’a pas fait ce qui était attendu\n{output}")
                times.append(seconds)
            rows.append((case, statistics.median(times)))
        print(f"{len(list((root / 'content').rglob('*.md')))} pages Markdown dans content/, cas : {LESSON}")
        print("| cas | durée médiane (s) |")
        print("| --- | ---: |")
        for case, seconds in rows:
            print(f"| {case} | {seconds:.1f} |".replace(".", ","))


if __name__ == "__main__":
    main()

"""`make bench`: the site built with the hooks against bare Material on the same Markdown, in one run.

For each corpus size (one lesson in twenty a notebook) it prints wall time, pages per second,
peak memory, the size of what the build wrote and the median HTML size of a lesson page, for
each build, and the ratio of its time to bare Material's.
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
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    peak_mib: float
    pages: int
    median_kib: float
    output_mb: float


def measure(command: list[str], cwd: Path, site: Path) -> Run:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(
            f"échec de la mesure : {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    pages = [p for p in site.rglob("index.html")]
    lesson_pages = [p.stat().st_size for p in site.glob("*/lecon-*/index.html")]
    output = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())  # the packs' ZIPs included
    # ru_maxrss of the waited child includes its own children (the MkDocs process): kilobytes on Linux.
    return Run(
        seconds,
        usage.ru_maxrss / 1024,
        len(pages),
        statistics.median(lesson_pages) / 1024 if lesson_pages else 0.0,
        output / 1_000_000,
    )


def bare_config(project: Path) -> Path:
    """The same configuration without the hooks: what bare Material makes of the same Markdown."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = end = lines.index("hooks:")
    # The block ends at the next top-level key: its items and comments are indented.
    while end + 1 < len(lines) and (lines[end + 1].startswith(" ") or not lines[end + 1].strip()):
        end += 1
    del lines[start : end + 1]
    if any("hooks/" in line for line in lines):
        sys.exit("bench/bench.py : le bloc hooks: de mkdocs.yml n’a pas pu être retiré — adaptez bare_config")
    config = project / "mkdocs-bare.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def bench(sizes: list[int], work: Path) -> list[tuple[int, dict[str, Run]]]:
    rows = []
    for size in sizes:
        project = write_corpus(work / f"corpus-{size}", size)
        build = project / "build"
        runs = {
            "Material nu": measure(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--quiet",
                    "-f",
                    str(bare_config(project)),
                    "-d",
                    str(build / "bare"),
                ],
                project,
                build / "bare",
            ),
            "Académie, site seul (crochets)": measure(
                [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(build / "hooks")],
                project,
                build / "hooks",
            ),
        }
        # The hooks' build ran the notebooks: start the full build from an empty cache, as on a fresh clone.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        runs["Académie, site + 3 paquets (1re fois)"] = measure(
            [sys.executable, "-m", "academie.cli", "--root", str(project), "build"], project, build / "site"
        )
        # Link-preview cards and QR codes are cached between builds (.cache/): the second build is
        # what an author waits for after changing one lesson.
        runs["Académie, site + 3 paquets (2e fois, cache chaud)"] = measure(
            [sys.executable, "-m", "academie.cli", "--root", str(project), "build"], project, build / "site"
        )
        rows.append((size, runs))
        print(f"  {size} leçons mesurées", file=sys.stderr)
    return rows


def table(rows: list[tuple[int, dict[str, Run]]]) -> str:
    out = [
        "| leçons | construction | durée (s) | pages/s | mémoire max (Mio) | sortie (Mo) | HTML médian d’une leçon (Kio) | rapport à Material nu |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, runs in rows:
        bare = runs["Material nu"]
        for name, run in runs.items():
            ratio = f"{run.seconds / bare.seconds:.2f}×"
            out.append(
                f"| {size} | {name} | {run.seconds:.1f} | {run.pages / run.seconds:.0f} | {run.peak_mib:.0f} "
                f"| {run.output_mb:.1f} | {run.median_kib:.1f} | {ratio} |"
            )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare la construction avec les crochets à Material nu.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academie-bench-") as work:
        print(table(bench(args.sizes, Path(work))))


if __name__ == "__main__":
    main()

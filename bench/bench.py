"""`make bench`: `academie build` against the strongest plain Material setup on the same Markdown, in one run.

The plain setup is Material without the hooks, with `navigation.prune` and without
`navigation.sections` (which would copy the whole menu into every page). For each corpus size (one
lesson in twenty a notebook) it prints one side-by-side table: cold build (the notebooks' execution
reported apart), rebuild with nothing changed, rebuild after editing one lesson, peak memory, output
size and search index size (gzip).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SEARCH_INDEX = "search/search_index.json"


@dataclass
class Run:
    seconds: float
    peak_mib: float
    pages: int
    median_kib: float
    output_mb: float
    stderr: str = ""


def measure(command: list[str], cwd: Path, site: Path) -> Run:
    started = time.monotonic()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"échec de la mesure : {' '.join(command)}\n{stderr}")
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
        stderr,
    )


def bare_config(project: Path) -> Path:
    """The same configuration without the hooks, and with Material's fastest navigation for a large
    site (`navigation.prune`, no `navigation.sections`): what plain Material makes of the same Markdown."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = end = lines.index("hooks:")
    # The block ends at the next top-level key: its items and comments are indented.
    while end + 1 < len(lines) and (lines[end + 1].startswith(" ") or not lines[end + 1].strip()):
        end += 1
    del lines[start : end + 1]
    if any("hooks/" in line for line in lines):
        sys.exit("bench/bench.py : le bloc hooks: de mkdocs.yml n’a pas pu être retiré — adaptez bare_config")
    if "    - navigation.sections" not in lines:
        sys.exit("bench/bench.py : navigation.sections introuvable dans mkdocs.yml — adaptez bare_config")
    lines[lines.index("    - navigation.sections")] = "    - navigation.prune"
    config = project / "mkdocs-bare.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def edit_one_lesson(project: Path, run: int) -> None:
    """What an author does between two builds: one sentence added to one lesson (in one track only)."""
    lesson = next(project.glob("content/*/lecon-0001.md"))
    with lesson.open("a", encoding="utf-8") as file:
        file.write(f"\nUne phrase ajoutée pour la mesure {run}.\n")


def index_kib(site: Path, name: str = SEARCH_INDEX) -> float:
    return len(gzip.compress((site / name).read_bytes(), 9)) / 1024


def notebook_seconds(stderr: str) -> float:
    """The notebooks' share of a build, from its « Carnets : … (12,3 s). » line."""
    found = re.search(r"^Carnets : .*\((\d+(?:,\d+)?) s\)\.$", stderr, re.M)
    return float(found.group(1).replace(",", ".")) if found else 0.0


@dataclass
class Side:
    cold: Run
    unchanged: Run
    edited: Run
    index_kib: float
    notebooks: float = 0.0


def bench_size(size: int, work: Path) -> dict[str, Side]:
    project = write_corpus(work / f"corpus-{size}", size)
    build = project / "build"
    material_config = bare_config(project)
    bare = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(material_config), "-d"]
    runs = [measure([*bare, str(build / "bare")], project, build / "bare") for _ in range(2)]
    edit_one_lesson(project, 0)
    edited = measure([*bare, str(build / "bare")], project, build / "bare")
    # Plain MkDocs has no cache: its « nothing changed » is a second full build, warm file cache.
    material = Side(runs[0], runs[1], edited, index_kib(build / "bare"))
    sides = {BARE: material}
    zensical = Path(sys.executable).parent / "zensical"  # the bench-only extra: pip install -e '.[bench]'
    if zensical.is_file():
        config = project / "zensical.yml"
        # Zensical renders Material's templates with MiniJinja, which the project's overrides/ do not suit.
        kept = [line for line in material_config.read_text(encoding="utf-8").splitlines() if "custom_dir:" not in line]
        config.write_text("\n".join([*kept, "site_dir: build/zensical"]) + "\n", encoding="utf-8")
        command = [str(zensical), "build", "-f", str(config)]
        zensical_cold = measure([*command, "--clean"], project, build / "zensical")
        zensical_unchanged = measure(command, project, build / "zensical")
        edit_one_lesson(project, 2)
        zensical_edited = measure(command, project, build / "zensical")
        sides[ZENSICAL] = Side(
            zensical_cold, zensical_unchanged, zensical_edited, index_kib(build / "zensical", "search.json")
        )
    academie = [sys.executable, "-m", "academie.cli", "--root", str(project), "build"]
    shutil.rmtree(project / ".cache", ignore_errors=True)  # a fresh clone: notebooks run, cards drawn
    cold = measure(academie, project, build / "site")
    unchanged = measure(academie, project, build / "site")
    edit_one_lesson(project, 1)
    ours = Side(
        cold,
        unchanged,
        measure(academie, project, build / "site"),
        index_kib(build / "site"),
        notebook_seconds(cold.stderr),
    )
    print(f"  {size} leçons mesurées", file=sys.stderr)
    return {**sides, ACADEMIE: ours}


def table(size: int, sides: dict[str, Side]) -> str:
    ours = sides[ACADEMIE]
    others = [name for name in sides if name != ACADEMIE]

    def number(value: float) -> str:
        return f"{value:.1f}".replace(".", ",")

    def ratio(mine: float, theirs: float) -> str:
        return f"{mine / theirs:.2f}×".replace(".", ",") if theirs else "—"

    rows: list[tuple[str, Callable[[Side], float], bool]] = [
        ("1re construction (s)", lambda side: side.cold.seconds, True),
        (f"  dont exécution et conversion des {size // 20} carnets (s)", lambda side: side.notebooks, False),
        ("  1re construction sans les carnets (s)", lambda side: side.cold.seconds - side.notebooks, True),
        ("rien de modifié (s)", lambda side: side.unchanged.seconds, True),
        ("une leçon modifiée (s)", lambda side: side.edited.seconds, True),
        ("mémoire max (Mio)", lambda side: side.cold.peak_mib, True),
        ("sortie (Mo)", lambda side: side.cold.output_mb, True),
        ("index de recherche (Kio gzip)", lambda side: side.index_kib, True),
    ]
    out = [
        f"{size} leçons dont {size // 20} carnets. {BARE} : Material sans les crochets, navigation.prune "
        "sans navigation.sections.",
        "",
        f"| mesure | {' | '.join(sides)} | {' | '.join(f'rapport à {name}' for name in others)} |",
        "| --- |" + " ---: |" * (len(sides) + len(others)),
    ]
    for name, value, compared in rows:
        cells = [number(value(side)) if compared or side is ours else "—" for side in sides.values()]
        ratios = [ratio(value(ours), value(sides[other])) if compared else "—" for other in others]
        out.append(f"| {name} | {' | '.join(cells)} | {' | '.join(ratios)} |")
    return "\n".join(out)


BARE = "Material nu (prune)"
ZENSICAL = "Zensical"
ACADEMIE = "academie build (site + 3 paquets)"


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare academie build à Material nu le plus rapide.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[300])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academie-bench-") as work:
        for size in args.sizes:
            print(table(size, bench_size(size, Path(work))))
            print()


if __name__ == "__main__":
    main()

"""`make bench`: `academie build` against the strongest plain Material setup on the same Markdown, in one run.

The plain setup is Material without the hooks, with `navigation.prune` and without
`navigation.sections` (which would copy the whole menu into every page). For each corpus size (one
lesson in twenty a notebook) it prints one side-by-side table: cold build (the notebooks' execution
reported apart), rebuild with nothing changed, rebuild after editing one lesson, peak memory, output
size, search index size (gzip) and the first visit of one lesson page, all in, measured in Chromium
by bench/weight.py's own function. Each step is announced on stderr; a failed build stops the
bench with exit code 1.

The cold build without notebooks, the figure the target is about, is measured again in alternating
rounds (--tours, 3 by default: plain Material, then `academie build` from an empty build/ and a
.cache/ holding only the executed notebooks), and the table gives the median of all the runs: the
speed of the machine it was written on varies by a tenth from one minute to the next.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import NOTEBOOK_EVERY, write_corpus
from weight import NotTheLesson, Weights, first_visit

from academie.site.finishing import gzip_bytes

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


def step(label: str) -> None:
    """One progress line on stderr: a 1,000-lesson run takes many minutes."""
    print(f"{label}…", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    sys.exit(f"bench/bench.py : {message}")


def measure(label: str, command: list[str], cwd: Path, site: Path) -> Run:
    step(label)
    started = time.monotonic()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        fail(f"échec de « {label} » (code de sortie {code}).\nCommande : {' '.join(command)}\n{stderr}")
    if not (site / "index.html").is_file():
        fail(f"« {label} » n’a pas écrit de site dans {site} (pas d’index.html).\n{stderr}")
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


def drop_block(lines: list[str], key: str) -> None:
    """Remove a top-level key of mkdocs.yml with its block: its items and comments are indented."""
    start = end = lines.index(f"{key}:")
    while end + 1 < len(lines) and (lines[end + 1].startswith(" ") or not lines[end + 1].strip()):
        end += 1
    del lines[start : end + 1]


def bare_config(project: Path) -> Path:
    """What plain Material makes of the same Markdown: the same configuration without what is the
    Académie's own (the hooks, the overrides/ templates, the style sheets and scripts the hooks
    publish), and with Material's fastest navigation for a large site (`navigation.prune`, no
    `navigation.sections`). Material's own search then runs as shipped, its index fetched at load."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().startswith("custom_dir:")]
    for key in ("hooks", "extra_css", "extra_javascript"):
        if f"{key}:" not in lines:
            fail(f"le bloc {key}: de mkdocs.yml est introuvable — adaptez bare_config")
        drop_block(lines, key)
    if any("hooks/" in line or "assets/academie" in line for line in lines):
        fail("mkdocs.yml renvoie encore aux crochets ou aux fichiers de l’Académie — adaptez bare_config")
    if "    - navigation.sections" not in lines:
        fail("navigation.sections introuvable dans mkdocs.yml — adaptez bare_config")
    lines[lines.index("    - navigation.sections")] = "    - navigation.prune"
    config = project / "mkdocs-bare.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def edit_one_lesson(project: Path, run: int) -> None:
    """What an author does between two builds: one sentence added to one lesson (in one track only)."""
    lesson = next(project.glob("content/*/lecon-0001.md"))
    with lesson.open("a", encoding="utf-8") as file:
        file.write(f"\nUne phrase ajoutée pour la mesure {run}.\n")


def index_kb(site: Path, name: str = SEARCH_INDEX) -> float:
    index = site / name
    if not index.is_file():
        fail(f"pas d’index de recherche {index} après la construction.")
    return len(gzip_bytes(index.read_bytes())) / 1000  # as the site's .gz files


def notebook_seconds(stderr: str) -> float:
    """The notebooks' share of a build, from its « Carnets : … (12,3 s). » line."""
    found = re.search(r"^Carnets : .*\((\d+(?:,\d+)?) s\)\.$", stderr, re.M)
    return float(found.group(1).replace(",", ".")) if found else 0.0


@dataclass
class Side:
    cold: Run
    unchanged: Run
    edited: Run
    index_kb: float
    visit: Weights
    notebooks: float = 0.0
    rounds: list[float] = field(default_factory=list)  # cold builds without notebooks, alternating runs

    @property
    def cold_runs(self) -> list[float]:
        return [self.cold.seconds - self.notebooks, *self.rounds]


@dataclass
class Lesson:
    """The lesson page opened on every side: the corpus's first lesson."""

    path: str  # its URL path in a built site (directory URLs), e.g. "outils/lecon-0001/"
    title: str


def first_lesson(project: Path) -> Lesson:
    source = next(project.glob("content/*/lecon-0001.md"))
    found = re.search(r'^title: "(.+)"$', source.read_text(encoding="utf-8"), re.M)
    if found is None:
        fail(f"{source} : pas de titre dans l’en-tête.")
    relative = source.relative_to(project / "content").with_suffix("")
    return Lesson(f"{relative.as_posix()}/", found.group(1))


def visit(label: str, site: Path, lesson: Lesson) -> Weights:
    step(f"{label} : 1re visite de /{lesson.path} dans Chromium")
    try:
        return first_visit(site, lesson.path, lesson.title)
    except NotTheLesson as error:
        fail(f"{label} : {error}")


class Aside:
    """A cold build's previous output, put aside (renamed) instead of deleted just before it is
    measured, for every build of the bench; all of it is deleted with the bench's folder at the end.
    On a file system that has just deleted many files, each new file costs more: ext4 without a
    journal, as on the machine this bench was written on, skips every inode freed in the last minute
    one by one at each file it creates. A build from a fresh clone does not pay for the deletion of
    files it never had, and a build that writes more files (.gz, QR codes, packs) would pay it the most.
    `delete`: deleted there and then instead, as the bench did before (`--effacer`)."""

    def __init__(self, folder: Path, delete: bool = False) -> None:
        self.folder = folder
        self.delete = delete
        self.count = 0

    def put(self, path: Path) -> None:
        if self.delete and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif self.delete and (path.exists() or path.is_symlink()):
            path.unlink()
        elif path.exists() or path.is_symlink():
            self.folder.mkdir(exist_ok=True)
            self.count += 1
            path.rename(self.folder / str(self.count))


def cold_rounds(
    size: int, project: Path, bare: list[str], academie: list[str], rounds: int, aside: Aside
) -> tuple[list[float], list[float]]:
    """Cold builds without notebooks, plain Material and `academie build` one after the other, so
    that both see the machine at the same speed: plain Material in a new folder, `academie build`
    with no build/ folder and a .cache/ that holds only the executed notebooks (their share is
    subtracted anyway); the previous outputs are put aside, not deleted (see Aside)."""
    build, cache = project / "build", project / ".cache"
    theirs: list[float] = []
    ours: list[float] = []
    for number in range(1, rounds + 1):
        label = f"{size} leçons — 1re construction sans les carnets, tour {number}/{rounds}"
        aside.put(build / "bare")
        theirs.append(measure(f"{label}, {BARE}", bare, project, build / "bare").seconds)
        aside.put(build)
        for entry in cache.iterdir():
            if entry.name != "carnets":
                aside.put(entry)
        aside.put(cache / "carnets" / "edition")  # the Jupyter Book edition is built again
        run = measure(f"{label}, {ACADEMIE}", academie, project, build / "site")
        ours.append(run.seconds - notebook_seconds(run.stderr))
    return theirs, ours


def bench_size(size: int, work: Path, rounds: int = 3, delete: bool = False) -> tuple[Lesson, dict[str, Side]]:
    project = write_corpus(work / f"corpus-{size}", size)
    aside = Aside(work / f"corpus-{size}-mis-de-cote", delete)
    lesson = first_lesson(project)
    build = project / "build"
    material_config = bare_config(project)
    bare = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(material_config), "-d", str(build / "bare")]
    name = f"{size} leçons — {BARE}"
    cold = measure(f"{name} : 1re construction", bare, project, build / "bare")
    # Plain MkDocs has no cache: its « nothing changed » is a second full build, warm file cache.
    unchanged = measure(f"{name} : rien de modifié", bare, project, build / "bare")
    edit_one_lesson(project, 0)
    edited = measure(f"{name} : une leçon modifiée", bare, project, build / "bare")
    sides = {BARE: Side(cold, unchanged, edited, index_kb(build / "bare"), visit(name, build / "bare", lesson))}
    zensical = Path(sys.executable).parent / "zensical"  # the bench-only extra: pip install -e '.[bench]'
    if zensical.is_file():
        config = project / "zensical.yml"
        # The plain configuration (no overrides/ either: Zensical renders Material's templates with MiniJinja).
        plain = material_config.read_text(encoding="utf-8")
        config.write_text(plain + "site_dir: build/zensical\n", encoding="utf-8")
        command = [str(zensical), "build", "-f", str(config)]
        name = f"{size} leçons — {ZENSICAL}"
        site = build / "zensical"
        cold = measure(f"{name} : 1re construction", [*command, "--clean"], project, site)
        unchanged = measure(f"{name} : rien de modifié", command, project, site)
        edit_one_lesson(project, 2)
        edited = measure(f"{name} : une leçon modifiée", command, project, site)
        sides[ZENSICAL] = Side(cold, unchanged, edited, index_kb(site, "search.json"), visit(name, site, lesson))
    academie = [sys.executable, "-m", "academie.cli", "--root", str(project), "build"]
    aside.put(project / ".cache")  # a fresh clone: notebooks run, cards drawn
    name = f"{size} leçons — {ACADEMIE}"
    site = build / "site"
    cold = measure(f"{name} : 1re construction (carnets exécutés)", academie, project, site)
    unchanged = measure(f"{name} : rien de modifié", academie, project, site)
    edit_one_lesson(project, 1)
    edited = measure(f"{name} : une leçon modifiée", academie, project, site)
    ours = Side(cold, unchanged, edited, index_kb(site), visit(name, site, lesson), notebook_seconds(cold.stderr))
    sides[BARE].rounds, ours.rounds = cold_rounds(size, project, bare, academie, rounds, aside)
    shutil.rmtree(aside.folder, ignore_errors=True)
    print(f"{size} leçons mesurées", file=sys.stderr, flush=True)
    return lesson, {**sides, ACADEMIE: ours}


def versions() -> str:
    found = []
    for package in ("mkdocs", "mkdocs-material", "zensical"):
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{package} absent")
    return ", ".join(found)


def notebooks(size: int, article: bool = False) -> str:
    """« 50 carnets », « 1 carnet »; with the article: « des 50 carnets », « du carnet »."""
    count = size // NOTEBOOK_EVERY
    if count == 1:
        return "du carnet" if article else "1 carnet"
    return f"des {count} carnets" if article else f"{count} carnets"


def kilobytes(size: int) -> float:
    return size / 1000


def table(size: int, sides: dict[str, Side], lesson: Lesson) -> str:
    ours = sides[ACADEMIE]
    others = [name for name in sides if name != ACADEMIE]

    def number(value: float) -> str:
        return f"{value:.1f}".replace(".", ",")

    def ratio(mine: float, theirs: float) -> str:
        return f"{mine / theirs:.2f}×".replace(".", ",") if theirs else "—"

    def index_at_load(side: Side) -> float:
        return kilobytes(side.visit.gzip("index de recherche"))

    # (label, value, shown for every side, ratio given)
    rows: list[tuple[str, Callable[[Side], float], bool, bool]] = [
        ("1re construction (s)", lambda side: side.cold.seconds, True, True),
        (
            f"  dont exécution et conversion {notebooks(size, article=True)} (s)",
            lambda side: side.notebooks,
            False,
            False,
        ),
        (
            "  1re construction sans les carnets, médiane (s)",
            lambda side: statistics.median(side.cold_runs),
            True,
            True,
        ),
        ("rien de modifié (s)", lambda side: side.unchanged.seconds, True, True),
        ("une leçon modifiée (s)", lambda side: side.edited.seconds, True, True),
        ("mémoire max (Mio)", lambda side: side.cold.peak_mib, True, True),
        ("sortie (Mo)", lambda side: side.cold.output_mb, True, True),
        (f"index de recherche des {size} leçons (ko gzip)", lambda side: side.index_kb, True, True),
        (
            "1re visite d’une page de leçon, tout compris (ko gzip)",
            lambda side: kilobytes(side.visit.first_load),
            True,
            True,
        ),
        ("  dont index de recherche chargé à l’ouverture (ko gzip)", index_at_load, True, False),
    ]
    out = [
        f"Corpus : {size} leçons dont {notebooks(size)} Jupyter, 3 parcours ; la 1re visite ouvre "
        f"« {lesson.title} » (/{lesson.path}), cache vide, dans Chromium.",
        f"{BARE} : Material sans les crochets ni les gabarits, styles et scripts de l’Académie, "
        f"navigation.prune sans navigation.sections ; {ZENSICAL} : la même configuration. Versions : {versions()}.",
        "",
        f"| mesure | {' | '.join(sides)} | {' | '.join(f'rapport à {name}' for name in others)} |",
        "| --- |" + " ---: |" * (len(sides) + len(others)),
    ]
    for name, value, everyone, compared in rows:
        cells = [number(value(side)) if everyone or side is ours else "—" for side in sides.values()]
        ratios = [ratio(value(ours), value(sides[other])) if compared else "—" for other in others]
        out.append(f"| {name} | {' | '.join(cells)} | {' | '.join(ratios)} |")
    out.append("")
    for name, side in sides.items():
        if len(side.cold_runs) > 1:
            runs = " ; ".join(number(seconds) for seconds in side.cold_runs)
            out.append(f"- 1re construction sans les carnets, {name}, chaque mesure : {runs} s.")
    for name, side in sides.items():
        fetched = index_at_load(side)
        when = f"chargé à l’ouverture de la page ({number(fetched)} ko gzip)" if fetched else "pas chargé à l’ouverture"
        out.append(f"- Index de recherche, {name} : {when}.")
    return "\n".join(out)


BARE = "Material nu (prune)"
ZENSICAL = "Zensical"
ACADEMIE = "academie build (site + 3 paquets)"


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare academie build à Material nu le plus rapide.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument(
        "--tours", type=int, default=3, help="1res constructions sans les carnets mesurées en plus, en alternance"
    )
    parser.add_argument(
        "--effacer",
        action="store_true",
        help="effacer les sorties précédentes juste avant chaque 1re construction au lieu de les mettre de côté",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="academie-bench-") as work:
        for size in args.sizes:
            lesson, sides = bench_size(size, Path(work), args.tours, args.effacer)
            print(table(size, sides, lesson), flush=True)
            print()


if __name__ == "__main__":
    main()

"""A notebook lesson's files and the keys of its caches: where it lies, which data files its code
names and which figures its text shows, what it imports, and the digests that decide whether it is
run or converted again (see `academie.notebooks.build`)."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from academie.content.catalogue import Catalogue, Lesson
from academie.content.notebook_source import cell_source
from academie.content.problems import Problem
from academie.site.pages import TEMPLATES_DIR

CACHE_DIR = Path(".cache") / "carnets"
KERNEL = "python3"
CELL_TIMEOUT = 300  # seconds; a lesson's cell should take a few
FIGURE_DIR = "img"  # figures go to <notebook folder>/img/<notebook name>/, like the lessons' images
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A line of a code cell that describes the figure it draws (the alt text of the image).
FIGURE_DESCRIPTION = re.compile(r"^\s*#\s*Description de la figure\s*:\s*(?P<text>\S.*?)\s*$", re.M)
# Quoted strings in code cells: the candidates for data files.
QUOTED = re.compile(r"""(?P<q>['"])(?P<path>[^'"\n\\]{1,200})(?P=q)""")
# Links and images in Markdown cells: files the notebook shows (figures), packed with it.
LINKED = re.compile(r"""\]\((?P<md>[^)\s#]+)[^)]*\)|\bsrc=["'](?P<html>[^"'#]+)["']""")
IMPORT = re.compile(
    r"^\s*(?:from\s+(?P<from>[A-Za-z_]\w*)|import\s+(?P<names>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*))", re.M
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TEMPLATE = TEMPLATES_DIR / "notebook_page.md.j2"
# The code that shapes a page: a change to any of these files converts every notebook again.
CONVERTER_FILES = (
    Path(__file__),
    Path(__file__).with_name("build.py"),
    Path(__file__).with_name("safe_outputs.py"),
    Path(__file__).with_name("cell_errors.py"),
    Path(__file__).with_name("output_styles.py"),
    TEMPLATE,
)


@dataclass(frozen=True)
class Notebook:
    """A notebook lesson's files: where it lies and how it is shown to authors."""

    content: Path  # the content/ folder
    source: str  # inside content/: "carnets/boulangerie.ipynb"

    @property
    def path(self) -> Path:
        return self.content / self.source

    @property
    def shown(self) -> str:
        return f"{self.content.name}/{self.source}"

    @property
    def folder(self) -> str:
        return PurePosixPath(self.source).parent.as_posix()

    @property
    def stem(self) -> str:
        return PurePosixPath(self.source).stem

    @property
    def page(self) -> str:
        return PurePosixPath(self.source).with_suffix(".md").as_posix()

    def inside(self, name: str) -> str:
        """A path relative to the notebook's folder, as a path inside content/."""
        return PurePosixPath(self.folder, name).as_posix() if self.folder != "." else name


def stylesheet_source(notebook: Notebook) -> str:
    """The stylesheet of a notebook's outputs, beside its figures: « carnets/img/x/sorties.css »."""
    return notebook.inside(f"{FIGURE_DIR}/{notebook.stem}/sorties.css")


def notebooks_of(root: Path, catalogue: Catalogue) -> list[tuple[Lesson, Notebook]]:
    content = root.resolve() / "content"
    return sorted(
        ((lesson, Notebook(content, lesson.notebook)) for lesson in catalogue.lessons.values() if lesson.notebook),
        key=lambda pair: pair[1].source,
    )


class NotebookFailure(Exception):
    """Notebooks that cannot be built; carries every author-facing problem (`problem`: the first)."""

    def __init__(self, problem: Problem, *more: Problem):
        self.problem = problem
        self.problems = [problem, *more]
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class BuiltNotebook:
    """A notebook ready for the site: its page's Markdown and the files that go with it."""

    notebook: Notebook
    front_matter: str  # the first cell, as written
    body: str  # the converted cells, without the front matter
    figures: dict[str, bytes]  # path inside content/ → bytes
    data: list[str]  # data files, paths inside content/
    requirements: list[str]  # PyPI distributions the code imports
    linked: list[str] = field(default_factory=list)  # files its text shows or links to (its figures)
    executed: bool = False  # run during this build (False: taken from the cache)
    converted: bool = False

    def download_zip(self) -> bytes:
        """The notebook, its data and a requirements.txt, in one reproducible ZIP."""
        folder = self.notebook.stem
        entries = {f"{folder}/{PurePosixPath(self.notebook.source).name}": self.notebook.path.read_bytes()}
        for data in [*self.data, *self.linked]:
            relative = os.path.relpath(data, self.notebook.folder)
            entries[f"{folder}/{PurePosixPath(relative).as_posix()}"] = (self.notebook.content / data).read_bytes()
        entries[f"{folder}/requirements.txt"] = ("\n".join(["jupyterlab", *self.requirements]) + "\n").encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.create_system = 3
                archive.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        return buffer.getvalue()


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


@cache
def environment_digest() -> str:
    """The interpreter and every installed distribution: an upgrade (of pandas, say) runs the notebooks again."""
    distributions = sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()})
    return _digest(sys.version, sys.platform, distributions)


@cache
def converter_digest() -> str:
    # The version from the package's metadata: importing nbconvert costs a tenth of a second.
    return _digest(metadata.version("nbconvert"), [hashlib.sha256(p.read_bytes()).hexdigest() for p in CONVERTER_FILES])


def to_node(nb: dict[str, Any]) -> Any:
    """A notebook as nbformat's NotebookNode, sources joined into strings."""
    import nbformat

    return nbformat.reads(json.dumps(nb), as_version=4)


def code_cells(nb: dict[str, Any]) -> list[str]:
    return [cell_source(cell) for cell in nb["cells"] if cell.get("cell_type") == "code"]


def data_files(nb: dict[str, Any], notebook: Notebook) -> list[str]:
    """The files of content/ that the code names in quotes, relative to the notebook's folder:
    `pd.read_csv("boulangerie-ventes.csv")` makes boulangerie-ventes.csv a data file."""
    content = notebook.content.resolve()
    found: set[str] = set()
    for source in code_cells(nb):
        for match in QUOTED.finditer(source):
            name = match.group("path").strip()
            if not name or "://" in name or name.startswith(("/", "~")):
                continue
            candidate = (content / notebook.folder / name).resolve()
            if candidate.is_file() and candidate.is_relative_to(content) and candidate.suffix not in (".ipynb", ".md"):
                found.add(candidate.relative_to(content).as_posix())
    return sorted(found)


def linked_files(nb: dict[str, Any], notebook: Notebook) -> list[str]:
    """The files of content/ that the Markdown cells show or link to (`![…](img/x.svg)`), lessons left out."""
    content = notebook.content.resolve()
    found: set[str] = set()
    for cell in nb["cells"][1:]:
        if cell.get("cell_type") != "markdown":
            continue
        for match in LINKED.finditer(cell_source(cell)):
            name = match.group("md") or match.group("html")
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", name, re.I):
                continue
            candidate = (content / notebook.folder / name).resolve()
            if candidate.is_file() and candidate.is_relative_to(content) and candidate.suffix not in (".ipynb", ".md"):
                found.add(candidate.relative_to(content).as_posix())
    return sorted(found)


@cache
def installed_distributions() -> dict[str, list[str]]:
    """Which installed distribution provides each importable module. Reading every installed
    package's file list takes about 0,3 s: once per build, not once per notebook (the profile of
    a 50-notebook build showed it as 85 % of the conversion time)."""
    return dict(metadata.packages_distributions())


def requirements(nb: dict[str, Any]) -> list[str]:
    """The PyPI distributions that provide the modules the code imports (standard library left out)."""
    modules: set[str] = set()
    for source in code_cells(nb):
        for match in IMPORT.finditer(source):
            names = [match.group("from")] if match.group("from") else match.group("names").split(",")
            modules.update(name.strip().split(".")[0] for name in names)
    provided = installed_distributions()
    found = {dist for module in modules - set(sys.stdlib_module_names) for dist in provided.get(module, [])}
    return sorted(found, key=str.lower)


def figure_description(cell: dict[str, Any]) -> str | None:
    match = FIGURE_DESCRIPTION.search(cell_source(cell))
    return match.group("text").replace("[", "(").replace("]", ")") if match else None


def with_outputs(nb: dict[str, Any], executed: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook as written, carrying the outputs of its executed copy, cell for cell."""
    merged = copy.deepcopy(nb)
    ran = iter(cell for cell in executed["cells"] if cell.get("cell_type") == "code")
    for cell in merged["cells"]:
        if cell.get("cell_type") == "code":
            done = next(ran)
            cell["outputs"], cell["execution_count"] = done.get("outputs", []), done.get("execution_count")
    return merged

"""Notebook lessons built for the site: executed on a fresh kernel, converted by nbconvert, cached.

The outputs a learner sees always come from running the notebook at build time, top to
bottom, on a new Python kernel, in a scratch folder that holds only the notebook's data
files. Two caches, under `.cache/carnets/` at the project root, keep an unchanged notebook
from being run or converted again:

- an execution is keyed by the code cells, the data files they name and the Python
  environment (interpreter and installed packages): editing a code cell or a data file
  runs that notebook again, editing its text does not;
- a converted page is keyed by the execution, the whole notebook and the converter itself.

Every output goes through `academie.notebooks.safe_outputs` before nbconvert sees it, and images become
files next to the page. Each run and conversion prints one line (« carnet exécuté : … »).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

from academie.content.catalogue import Catalogue
from academie.content.notebook_source import cell_source, read_notebook
from academie.content.problems import Problem
from academie.notebooks.files import (
    ANSI,
    CACHE_DIR,
    CELL_TIMEOUT,
    FIGURE_DIR,
    KERNEL,
    TEMPLATE,
    BuiltNotebook,
    Notebook,
    NotebookFailure,
    _digest,
    code_cells,
    converter_digest,
    data_files,
    environment_digest,
    figure_description,
    linked_files,
    notebooks_of,
    requirements,
    stylesheet_source,
    to_node,
    with_outputs,
)
from academie.notebooks.output_styles import OutputStyles
from academie.notebooks.safe_outputs import SafeOutputs


class NotebookBuilder:
    """Runs and converts the notebooks of one project, through its cache."""

    def __init__(self, root: Path, stream: Any = None, cell_timeout: int = CELL_TIMEOUT):
        self.root = root.resolve()
        self.cell_timeout = cell_timeout  # seconds a cell may run
        self.cache = self.root / CACHE_DIR
        self.stream = stream or sys.stderr
        self.executed: list[str] = []  # notebooks run by this builder, as shown to authors
        self.converted: list[str] = []
        self.reused: list[str] = []
        self._markdown_exporter: Any = None

    def say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    # --- keys -----------------------------------------------------------------------------

    def execution_key(self, nb: dict[str, Any], notebook: Notebook, data: list[str]) -> str:
        data_hashes = {name: hashlib.sha256((notebook.content / name).read_bytes()).hexdigest() for name in data}
        return _digest("execution", KERNEL, code_cells(nb), data_hashes, notebook.folder, environment_digest())

    def page_key(self, nb: dict[str, Any], execution: str) -> str:
        cells = [(c.get("cell_type"), cell_source(c), c.get("metadata", {}).get("tags", [])) for c in nb["cells"]]
        return _digest("page", execution, cells, converter_digest())

    # --- execution ------------------------------------------------------------------------

    def _execution_path(self, key: str) -> Path:
        return self.cache / "executions" / f"{key}.ipynb"

    async def _executed(self, nb: dict[str, Any], notebook: Notebook, data: list[str]) -> tuple[dict[str, Any], bool]:
        """The notebook with its outputs: from the cache, or run now and cached."""
        key = self.execution_key(nb, notebook, data)
        path = self._execution_path(key)
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8")), False
        # Imported here: a build whose notebooks are all in the cache needs neither jupyter_client nor
        # nbconvert, and every MkDocs process of a build imports this module.
        from academie.notebooks.run import run_cells

        started = time.monotonic()
        node, problems = await run_cells(nb, notebook, data, self.cell_timeout)
        if problems:
            raise NotebookFailure(*problems)
        self._write(path, json.dumps(node, ensure_ascii=False, sort_keys=True).encode())
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.say(f"carnet exécuté : {notebook.shown} ({seconds} s)")
        self.executed.append(notebook.shown)
        return json.loads(json.dumps(node)), True

    # --- conversion -----------------------------------------------------------------------

    def _exporter(self) -> Any:
        """One exporter for the whole build: it compiles its Jinja templates once (0,13 s a notebook
        when each notebook had its own, in the profile of a 50-notebook build)."""
        if self._markdown_exporter is None:
            from nbconvert import MarkdownExporter
            from traitlets.config import Config

            config = Config()
            config.TagRemovePreprocessor.enabled = True
            config.TagRemovePreprocessor.remove_cell_tags = ("remove-cell",)
            config.TagRemovePreprocessor.remove_input_tags = ("remove-input",)
            config.TagRemovePreprocessor.remove_all_outputs_tags = ("remove-output",)
            config.ExtractOutputPreprocessor.output_filename_template = "figure-{cell_index}-{index}{extension}"
            exporter = MarkdownExporter(config=config, template_file=str(TEMPLATE))
            exporter.register_filter("fence", fence)
            exporter.register_filter("output_text", output_text)
            self._markdown_exporter = exporter
        return self._markdown_exporter

    def _convert(
        self, nb: dict[str, Any], executed: dict[str, Any], notebook: Notebook
    ) -> tuple[str, dict[str, bytes]]:
        merged = with_outputs(nb, executed)
        # The front matter is the page's own; keep the cell (an empty one) so figure names follow cell numbers.
        merged["cells"][0] = {"cell_type": "markdown", "id": "en-tete", "metadata": {}, "source": ""}
        node = to_node(merged)
        resources: dict[str, Any] = {"unique_key": "figure", "output_files_dir": f"{FIGURE_DIR}/{notebook.stem}"}
        safe = SafeOutputs()
        safe.styles = OutputStyles()
        node, resources = safe.preprocess(node, resources)
        for index, cell in enumerate(node.cells):
            self._describe_figures(cell, index, notebook)

        body, resources = self._exporter().from_notebook_node(node, resources=resources)
        figures = {notebook.inside(name): data for name, data in sorted(resources.get("outputs", {}).items())}
        if safe.styles.rules:  # the outputs' styles, in a file the page loads (no inline style: see output_styles)
            figures[stylesheet_source(notebook)] = safe.styles.stylesheet().encode()
        return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n", figures

    @staticmethod
    def _describe_figures(cell: Any, index: int, notebook: Notebook) -> None:
        images = [o for o in cell.get("outputs", []) if any(m.startswith("image/") for m in o.get("data", {}))]
        if not images:
            return
        description = figure_description(cell)
        if description is None:
            raise NotebookFailure(
                Problem(
                    notebook.shown,
                    None,
                    f"cellule {index + 1} : figure sans description",
                    "ajoutez dans la cellule une ligne « # Description de la figure : ce que "
                    "la figure montre » (texte lu aux personnes qui ne voient pas l’image)",
                )
            )
        for number, output in enumerate(images, start=1):
            output.setdefault("metadata", {})["academie_alt"] = (
                description if len(images) == 1 else f"{description} (figure {number} sur {len(images)})"
            )

    def build(self, notebook: Notebook) -> BuiltNotebook:
        """One notebook, through the cache (sync wrapper of `build_all`)."""
        return self.build_all([notebook])[0]

    def build_all(self, notebooks: list[Notebook], parallel: int | None = None) -> list[BuiltNotebook]:
        """Every notebook, the missing executions run side by side (one kernel each). A kernel spends
        part of its start waiting, not computing: two per core ran 50 notebooks in 43 s on 2 cores,
        against 56 s with one per core (`make bench` corpus)."""
        parallel = parallel or max(1, min(4, 2 * (os.cpu_count() or 1)))
        built: list[BuiltNotebook] = run_async(self._build_all(notebooks, parallel))
        return built

    async def _build_all(self, notebooks: list[Notebook], parallel: int) -> list[BuiltNotebook]:
        limit = asyncio.Semaphore(parallel)

        async def one(notebook: Notebook) -> BuiltNotebook:
            async with limit:
                return await self._build(notebook)

        results = await asyncio.gather(*(one(n) for n in notebooks), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        for failure in failures:
            if not isinstance(failure, NotebookFailure):
                raise failure
        if failures:
            # Every failing cell of every notebook at once, in the order of the files.
            raise NotebookFailure(*[problem for f in failures for problem in f.problems])  # type: ignore[attr-defined]
        return list(results)  # type: ignore[arg-type]

    async def _build(self, notebook: Notebook) -> BuiltNotebook:
        from academie.content.notebook_source import NotebookProblem

        try:
            nb = read_notebook(notebook.path.read_text(encoding="utf-8-sig"))
        except NotebookProblem as problem:
            raise NotebookFailure(Problem(notebook.shown, None, problem.message, problem.fix)) from None
        data = data_files(nb, notebook)
        execution = self.execution_key(nb, notebook, data)
        key = self.page_key(nb, execution)
        folder = self.cache / "pages" / key
        front = cell_source(nb["cells"][0]).strip() + "\n"
        if (folder / "page.json").is_file():
            saved = json.loads((folder / "page.json").read_text(encoding="utf-8"))
            figures = {name: (folder / stored).read_bytes() for name, stored in saved["figures"].items()}
            self.reused.append(notebook.shown)
            return BuiltNotebook(
                notebook, front, saved["body"], figures, data, saved["requirements"], linked_files(nb, notebook)
            )
        executed, ran = await self._executed(nb, notebook, data)
        started = time.monotonic()
        body, figures = self._convert(nb, executed, notebook)
        needs = requirements(nb)
        stored = {name: f"f{number}{PurePosixPath(name).suffix}" for number, name in enumerate(figures)}
        for name, data_bytes in figures.items():
            self._write(folder / stored[name], data_bytes)
        self._write(
            folder / "page.json",
            json.dumps({"body": body, "figures": stored, "requirements": needs}, ensure_ascii=False, indent=1).encode(),
        )
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.say(f"carnet converti : {notebook.shown} ({seconds} s)")
        self.converted.append(notebook.shown)
        return BuiltNotebook(
            notebook, front, body, figures, data, needs, linked_files(nb, notebook), executed=ran, converted=True
        )

    def safe_executed(self, notebook: Notebook) -> Any:  # an nbformat NotebookNode
        """The notebook as written, with the safe outputs of its last run (for the Jupyter Book edition)."""
        nb = read_notebook(notebook.path.read_text(encoding="utf-8-sig"))
        executed, _ = run_async(self._executed(nb, notebook, data_files(nb, notebook)))
        merged = with_outputs(nb, executed)
        node, _ = SafeOutputs().preprocess(to_node(merged), {})
        return node

    # --- cache files ----------------------------------------------------------------------

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Write atomically: a build running beside this one never reads half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".en-cours-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def prune(self, keep: list[Notebook]) -> int:
        """Remove the cache entries that no current notebook uses; return how many were removed."""
        wanted_runs, wanted_pages = set(), set()
        for notebook in keep:
            nb = read_notebook(notebook.path.read_text(encoding="utf-8-sig"))
            execution = self.execution_key(nb, notebook, data_files(nb, notebook))
            wanted_runs.add(f"{execution}.ipynb")
            wanted_pages.add(self.page_key(nb, execution))
        removed = 0
        for entry in sorted((self.cache / "executions").glob("*.ipynb")):
            if entry.name not in wanted_runs:
                entry.unlink()
                removed += 1
        for entry in sorted((self.cache / "pages").glob("*")):
            if entry.name not in wanted_pages:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


def run_async(coroutine: Any) -> Any:
    """Run a coroutine to its end on an event loop of its own, in a thread of its own: the caller may
    already be running a loop (a browser driven by Playwright, a server), which asyncio.run refuses."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def fence(text: str, character: str = "`") -> str:
    """A code fence longer than any run of backticks in the text."""
    runs = re.findall(f"{re.escape(character)}+", text)
    return character * max(3, 1 + max((len(run) for run in runs), default=0))


def output_text(text: Any) -> str:
    """Plain output text for a <pre> block: HTML-escaped, and backticks too, so that no line of
    an output can ever be read as a fence (a ```quiz block) by what reads the page next."""
    from html import escape

    value = "".join(text) if isinstance(text, list) else str(text)
    return escape(ANSI.sub("", value.rstrip("\n")), quote=False).replace("`", "&#96;")


def notebook_problems(root: Path, catalogue: Catalogue, skip: set[str]) -> list[Problem]:
    """Every failing cell of every notebook lesson (but those in `skip`, already refused), each at its
    cell and line: run in their sandbox, through the cache, quietly (for `academie check`)."""
    notebooks = [notebook for lesson, notebook in notebooks_of(root, catalogue) if lesson.display_path not in skip]
    if not notebooks:
        return []
    try:
        NotebookBuilder(root, io.StringIO()).build_all(notebooks)
    except NotebookFailure as failure:
        return list(failure.problems)
    return []


def prepare_notebooks(root: Path, catalogue: Catalogue, stream: Any = None) -> bool:
    """Run and convert every notebook of the catalogue before the site and the packs are built,
    so that each of those builds finds them in the cache. Print the problem and return False on failure."""
    pairs = notebooks_of(root, catalogue)
    if not pairs:
        return True
    builder = NotebookBuilder(root, stream)
    started = time.monotonic()
    try:
        builder.build_all([notebook for _, notebook in pairs])
    except NotebookFailure as failure:
        for problem in failure.problems:
            print(problem, file=builder.stream)
        print(
            f"\n{len(failure.problems)} erreur(s) dans les carnets : corrigez-les puis relancez.", file=builder.stream
        )
        return False
    builder.prune([notebook for _, notebook in pairs])
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    builder.say(
        f"Carnets : {len(builder.executed)} exécuté(s), {len(builder.converted)} converti(s), "
        f"{len(builder.reused)} repris du cache ({seconds} s)."
    )
    return True

"""A failing cell, told to its author; an error output, made fit for learners.

For the author, one problem per failing cell: `chemin: cellule N (cellule de code n° K, ligne L)
: Type: message — correction`. The type and message are those of the error the cell showed
(an error raised in a display method, `_repr_html_` say, reaches the build as « NoneType: None »
but shows the real one in the cell's output), and the line is the deepest line *of that cell*
in the traceback: not a line of another cell that defined a function, nor of library code.

For the learner, an error output that a lesson means to show (a cell tagged `raises-exception`)
keeps its traceback, without the build machine's paths (project folder, virtual environment,
scratch folder, Python installation).
"""

from __future__ import annotations

import re
from typing import Any

from academie.content.problems import Problem
from academie.notebooks.files import ANSI, Notebook

FRESH_KERNEL = (
    "corrigez la cellule : le carnet doit s’exécuter de haut en bas sur un noyau neuf "
    "(Jupyter : « Redémarrer le noyau et tout exécuter »)"
)
# What the sandbox refuses, and what to do instead (see sandbox.py).
SANDBOX_FIXES = (
    (
        re.compile(r"Read-only file system|Permission denied|Errno 30|Errno 13|No such file or directory: '/"),
        "le carnet s’exécute dans un bac à sable qui ne voit que son dossier de travail (une copie temporaire "
        "avec ses fichiers de données) : lisez et écrivez vos fichiers à côté du carnet, par un chemin relatif",
    ),
    (
        re.compile(r"Network is unreachable|Name or service not known|name resolution|Connection refused|Errno 101"),
        "pas de réseau pendant la construction : joignez les données au carnet (un fichier à côté de lui) "
        "au lieu de les télécharger",
    ),
    (
        re.compile(r"^FileNotFoundError"),
        "un fichier de données est copié dans le bac à sable quand le code le nomme entre guillemets, par un "
        'chemin relatif au carnet (pd.read_csv("ventes.csv")) : vérifiez ce nom et que le fichier existe',
    ),
    (
        re.compile(r"^ModuleNotFoundError|No matching distribution|Could not install packages"),
        "ajoutez la bibliothèque aux dépendances du projet (pyproject.toml) ; un carnet n’installe rien lui-même",
    ),
)
# `Cell In[3], line 5` (IPython 8+), the frames of the cell run as In[3].
CELL_FRAME = re.compile(r"Cell\s+In\s*\[\s*(?P<count>\d+)\s*\]\s*,\s*line\s+(?P<line>\d+)")
# A SyntaxError names the kernel's temporary file: « incomplete input (1114559043.py, line 1) ».
TEMPORARY_FILE = re.compile(r"\s*\(\d+\.py, line \d+\)$")

# Absolute paths of the build machine, as tracebacks and warnings print them.
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[\w.+@~-]+/)*[\w.+@~-]+/?")
SCRATCH = re.compile(r"^/(?:[^/\s]+/)*academie-carnet-[^/\s]+/(?:content/?)?")
KERNEL_FILE = re.compile(r"^/(?:[^/\s]+/)*ipykernel_\d+/\d+\.py")
LIBRARY = re.compile(r"/(?:site|dist)-packages/(?P<rest>.*)$")
STANDARD_LIBRARY = re.compile(r"/lib/(?P<rest>python3[\d.]*/.*)$")


def shown_error(cell: Any, error: Any = None) -> tuple[str, str, list[str]]:
    """The error the cell showed: (type, message, traceback lines without colours)."""
    outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if outputs:
        last = outputs[-1]
        ename, evalue, traceback = last.get("ename", ""), last.get("evalue", ""), list(last.get("traceback", []))
    else:
        ename, evalue = getattr(error, "ename", "") or "", getattr(error, "evalue", "") or ""
        traceback = [getattr(error, "traceback", "") or ""]
    evalue = TEMPORARY_FILE.sub("", ANSI.sub("", evalue))
    return ename, evalue, [ANSI.sub("", line) for line in traceback]


def cell_line(traceback: list[str], execution_count: int | None) -> int | None:
    """The deepest line of the cell run as In[execution_count] in the traceback."""
    lines = [
        int(match.group("line"))
        for match in CELL_FRAME.finditer("\n".join(traceback))
        if execution_count is None or int(match.group("count")) == execution_count
    ]
    return lines[-1] if lines else None


def where(index: int, number: int, line: int | None = None) -> str:
    """« cellule 4 (cellule de code n° 2, ligne 3) »: the cell counted among all cells, as Jupyter shows them."""
    return f"cellule {index + 1} (cellule de code n° {number}" + (f", ligne {line})" if line else ")")


def cell_problem(notebook: Notebook, index: int, number: int, cell: Any, error: Any = None) -> Problem:
    ename, evalue, traceback = shown_error(cell, error)
    line = cell_line(traceback, cell.get("execution_count"))
    message = f"{ename}: {evalue}".strip(": ") if ename else str(error).splitlines()[0]
    fix = next((fix for pattern, fix in SANDBOX_FIXES if pattern.search(message)), FRESH_KERNEL)
    return Problem(notebook.shown, None, f"{where(index, number, line)} : {clean_paths(message, machine=False)}", fix)


def _short_path(match: re.Match[str], machine: bool = True) -> str:
    path = match.group(0)
    if scratch := SCRATCH.match(path):
        return path[scratch.end() :] or "."
    if KERNEL_FILE.match(path):
        return KERNEL_FILE.sub("cellule", path)
    if not machine:
        return path
    for pattern in (LIBRARY, STANDARD_LIBRARY):
        if found := pattern.search(path):
            return found.group("rest")
    if path.count("/") < 2:  # « /s », « km/h » and the like: not a path of the machine
        return path
    return "…/" + path.rstrip("/").rsplit("/", 1)[-1]


def clean_paths(text: str, machine: bool = True) -> str:
    """The text without the build machine's absolute paths: the notebook's files relative to
    content/, and (`machine`) libraries by their package path, anything else by its last part.
    Authors see the machine's paths (machine=False): they name what the sandbox refused."""
    return ABSOLUTE_PATH.sub(lambda match: _short_path(match, machine), text)


def clean_output(output: Any) -> None:
    """An output shown to learners, in place: error and stream text without the machine's paths."""
    kind = output.get("output_type")
    if kind == "error":
        ename, evalue, traceback = shown_error({"outputs": [output]})
        output["evalue"] = clean_paths(evalue)
        output["traceback"] = [clean_paths(line) for line in traceback]
    elif kind == "stream":
        text = output.get("text", "")
        output["text"] = clean_paths("".join(text) if isinstance(text, list) else str(text))

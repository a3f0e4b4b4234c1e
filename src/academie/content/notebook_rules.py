"""Rules of a notebook's code found by `academie check`, before anything runs.

A notebook does not install anything: `%pip`, `!pip`, `%conda`, `!conda` (and their
relatives: mamba, uv, `python -m pip`, a `%%bash` cell running pip) would change the build's
environment and need the network. The libraries a lesson uses are the project's
dependencies (pyproject.toml); the sandbox would refuse the installation anyway, but `check`
says so first, at the cell's line.
"""

from __future__ import annotations

import json
import re
from typing import Any

INSTALLER = r"(?:pip3?|conda|mamba|micromamba|uv\s+pip)"
PYTHON_MODULE = r"(?:(?:\S*python[\d.]*|\{[^}\n]*\})\s+-m\s+)?"
# `%pip install x`, `!pip install x`, `! python -m pip …`, `!{sys.executable} -m pip …`, `%conda …`
MAGIC = re.compile(rf"^\s*(?:%|!)\s*{PYTHON_MODULE}{INSTALLER}\b")
# A whole cell run by a shell (`%%bash`, `%%sh`, `%%script bash`, `%%system`) that installs.
SHELL_CELL = re.compile(r"^\s*%%(?:bash|sh|system|script\b)")
SHELL_INSTALL = re.compile(rf"^\s*(?:sudo\s+)?{PYTHON_MODULE}{INSTALLER}\s+install\b")

FIX = (
    "retirez cette ligne et ajoutez la bibliothèque aux dépendances du projet (pyproject.toml) : "
    "les carnets s’exécutent sans réseau, dans un bac à sable, avec les bibliothèques du projet"
)

Finding = tuple[str, str]  # (message, fix)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def install_findings(text: str) -> list[Finding]:
    """Every line of a code cell that installs a package, as « cellule N (…, ligne L) : … »."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        return []  # read_notebook reports an unreadable notebook
    findings: list[Finding] = []
    number = 0
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        lines = _source(cell).split("\n")
        shell = bool(lines) and bool(SHELL_CELL.match(lines[0]))
        for line_number, line in enumerate(lines, start=1):
            if MAGIC.match(line) or (shell and line_number > 1 and SHELL_INSTALL.match(line)):
                shown = line.strip() if len(line.strip()) <= 60 else line.strip()[:59] + "…"
                findings.append(
                    (
                        f"cellule {index + 1} (cellule de code n° {number}, ligne {line_number}) : "
                        f"« {shown} » refusé, un carnet n’installe pas de paquet",
                        FIX,
                    )
                )
    return findings

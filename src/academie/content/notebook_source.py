"""Notebook lessons: a `.ipynb` whose first cell carries the lesson's front matter (MyST convention).

For checking, a notebook is read as the Markdown of its cells: the front matter of its
first cell, its Markdown cells (which may hold ```quiz blocks) and its code cells as
fenced Python. Execution and conversion for the site live in `academie.notebooks.build`.
"""

from __future__ import annotations

import json
from typing import Any


class NotebookProblem(Exception):
    def __init__(self, message: str, fix: str, line: int | None = None):
        self.message, self.fix, self.line = message, fix, line  # line: of the .ipynb file, for a JSON error
        super().__init__(message)


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def read_notebook(text: str) -> dict[str, Any]:
    """Parse and validate a notebook (nbformat 4); raise NotebookProblem in French otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookProblem(
            "carnet illisible : JSON invalide à cette ligne (fichier coupé ou modifié à la main ?)",
            "reprenez une version complète du carnet (sauvegarde, historique) : Jupyter ne peut pas l’ouvrir tel quel",
            exc.lineno,
        ) from None
    # An old notebook (nbformat 3) has « worksheets », not « cells »: say so before anything else.
    if isinstance(data, dict) and data.get("nbformat", 4) != 4:
        raise NotebookProblem(
            f"format de carnet {data.get('nbformat')} non pris en charge (nbformat 4 attendu)",
            "ouvrez-le dans un Jupyter récent et enregistrez-le : il sera converti en nbformat 4",
        )
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookProblem(
            "ce fichier n’est pas un carnet Jupyter (pas de liste « cells »)",
            "enregistrez le carnet depuis Jupyter au format .ipynb",
        )
    import nbformat  # imported late: it is slow to import and only notebooks need it

    try:
        nbformat.validate(data)
    except nbformat.ValidationError as exc:
        raise NotebookProblem(
            f"carnet non conforme au format nbformat 4 ({str(exc).splitlines()[0]})",
            "rouvrez le carnet dans Jupyter et enregistrez-le à nouveau",
        ) from None
    return data


def markdown_cells(text: str) -> list[int]:
    """For each line of notebook_as_markdown(text), the number (from 1) of the cell it comes from."""
    cells = json.loads(text).get("cells", [])
    numbers: list[int] = []
    for number, cell in enumerate(cells, start=1):
        source = cell_source(cell)
        if number == 1:
            part = source.strip() + "\n"
        elif cell.get("cell_type") == "code":
            part = f"```python\n{source}\n```\n"
        elif cell.get("cell_type") == "markdown":
            part = source + "\n"
        else:
            continue
        numbers += [number] * (part.count("\n") + 1)
    return numbers


def notebook_as_markdown(text: str) -> str:
    """The notebook as one Markdown text: front matter first, then every cell in order."""
    cells = read_notebook(text)["cells"]
    if (
        not cells
        or cells[0].get("cell_type") not in ("markdown", "raw")
        or not cell_source(cells[0]).lstrip().startswith("---")
    ):
        raise NotebookProblem(
            "la première cellule doit porter l’en-tête YAML de la leçon (entre deux lignes ---)",
            "ajoutez en tête une cellule Markdown ou brute qui commence par --- (id, title, …)",
        )
    pasted = [number for number, cell in enumerate(cells, start=1) if cell.get("attachments")]
    if pasted:
        raise NotebookProblem(
            f"image collée dans la cellule {pasted[0]} (pièce jointe du carnet) : elle ne serait pas publiée",
            "enregistrez l’image dans img/ à côté du carnet et insérez-la avec "
            "![description de l’image](img/nom-du-carnet-sujet.svg)",
        )
    parts = [cell_source(cells[0]).strip() + "\n"]
    for cell in cells[1:]:
        source = cell_source(cell)
        if cell.get("cell_type") == "code":
            parts.append(f"```python\n{source}\n```\n")
        elif cell.get("cell_type") == "markdown":
            parts.append(source + "\n")
    return "\n".join(parts)

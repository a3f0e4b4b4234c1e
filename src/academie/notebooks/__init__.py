"""Notebook lessons: executed on a fresh kernel, their outputs made safe, converted to pages
(cached), and the Jupyter Book edition of all notebooks with the site's security policy.
"""

from academie.notebooks.booklet import booklet_with_outputs
from academie.notebooks.build import NotebookBuilder, prepare_notebooks
from academie.notebooks.edition import Edition, make_edition, publish_edition
from academie.notebooks.files import BuiltNotebook, NotebookFailure, notebooks_of
from academie.notebooks.page import EDITION_DIR, edition_page, page_markdown, zip_source

__all__ = [
    "BuiltNotebook",
    "EDITION_DIR",
    "NotebookBuilder",
    "NotebookFailure",
    "booklet_with_outputs",
    "Edition",
    "make_edition",
    "publish_edition",
    "edition_page",
    "notebooks_of",
    "page_markdown",
    "prepare_notebooks",
    "zip_source",
]

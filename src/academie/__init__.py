"""Académie de l'IA: the content model, its validation and the generated curricula.

This package knows nothing of MkDocs: `hooks/` adapts it to MkDocs events, so that a
move to another site engine rewrites only the hooks.

Subpackages, each importing only those listed before it:
  content      what authors write, read and checked into one Catalogue
  site         pages, quizzes, booklets, GIFT, packs, and the platform's templates and assets
  notebooks    notebook execution, conversion and the Jupyter Book edition
  ambassadors  short links, QR codes, link previews, handouts, workshop scripts, open catalogue
"""

from academie.content import Catalogue, Lesson, Problem, load_catalogue

__all__ = ["Catalogue", "Lesson", "Problem", "load_catalogue"]

"""Académie de l'IA: the content model, its validation and the generated curricula.

This package knows nothing of MkDocs: `hooks/` adapts it to MkDocs events, so that a
move to another site engine rewrites only the hooks.
"""

from academie.catalogue import Catalogue, Lesson
from academie.loader import load_catalogue
from academie.problems import Problem

__all__ = ["Catalogue", "Lesson", "Problem", "load_catalogue"]

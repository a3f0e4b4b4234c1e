"""What authors write: lessons (Markdown or notebooks), tracks, quizzes and the orientation
questions — read with their line numbers, checked together, gathered into one `Catalogue`.

This package imports no other part of `academie`: every later step reads what it produces.
"""

from academie.content.catalogue import Catalogue, Lesson, format_duration
from academie.content.catalogue_cache import SHARED_CATALOGUE, load_catalogue_cached, load_catalogue_shared
from academie.content.divs import instructor_notes, learner_markdown
from academie.content.links import generated_sources, lesson_references
from academie.content.loader import load_catalogue
from academie.content.model import LessonMeta, Track
from academie.content.problems import Problem
from academie.content.synonyms import load_synonyms
from academie.content.validate import french_date, lessons_due

__all__ = [
    "SHARED_CATALOGUE",
    "Catalogue",
    "Lesson",
    "LessonMeta",
    "Problem",
    "Track",
    "format_duration",
    "french_date",
    "generated_sources",
    "instructor_notes",
    "learner_markdown",
    "lesson_references",
    "lessons_due",
    "load_catalogue",
    "load_catalogue_cached",
    "load_catalogue_shared",
    "load_synonyms",
]

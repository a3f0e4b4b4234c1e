"""The French of every lesson, checked by Grammalecte (Debian's python3-grammalecte).

Each finding is a warning `path:line: message — fix`. Two reviewed files keep false alarms out
(`grammaire/lexique.txt`: proper nouns, acronyms and terms the dictionary lacks, one per line;
`grammaire/exceptions.yml`: a rule switched off for one exact passage, each with its reason).
Lessons in another language (`lang`) are not checked.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from academie.content.catalogue import Lesson
from academie.content.problems import Problem
from academie.content.divs import learner_lines
from academie.content.prose import Paragraph, body_paragraphs, plain
from academie.content.yamltext import YamlProblem, parse_yaml

# Debian installs Grammalecte for the system Python; it is pure Python, so the project's own
# interpreter loads it from there without the rest of that folder.
GRAMMALECTE_DIR = Path("/usr/lib/python3/dist-packages/grammalecte")
LEXICON = Path("grammaire") / "lexique.txt"
EXCEPTIONS = Path("grammaire") / "exceptions.yml"
# Typography is checked by tests/test_content_quality.py with the house rules (U+00A0 or U+202F
# before « : ; ! ? », a no-break space before % and €, not before every unit): Grammalecte checks
# grammar, agreement, conjugation, confusions and spelling.
OPTIONS = {"nbsp": False, "esp": False, "typo": False, "apos": False, "unit": False, "html": True, "md": True}


@dataclass(frozen=True)
class Exception_:
    rule: str  # a Grammalecte rule id, or « orthographe » for the spelling checker
    passage: str  # the exact words flagged
    reason: str


class GrammalecteMissing(Exception):
    pass


@cache
def _grammalecte() -> ModuleType:
    init = GRAMMALECTE_DIR / "__init__.py"
    if not init.is_file():
        raise GrammalecteMissing(str(GRAMMALECTE_DIR))
    spec = importlib.util.spec_from_file_location("grammalecte", init, submodule_search_locations=[str(init.parent)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["grammalecte"] = module
    spec.loader.exec_module(module)
    return module


@cache
def _checker() -> Any:
    checker = _grammalecte().GrammarChecker("fr")
    checker.gce.setOptions(OPTIONS)
    return checker


def read_lexicon(root: Path) -> set[str]:
    path = root / LEXICON
    if not path.is_file():
        return set()
    words = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {word for word in words if word}


def read_exceptions(root: Path) -> tuple[list[Exception_], list[Problem]]:
    path = root / EXCEPTIONS
    if not path.is_file():
        return [], []
    shown = EXCEPTIONS.as_posix()
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlProblem as problem:
        return [], [Problem(shown, problem.line, problem.message, "corrigez la syntaxe YAML")]
    entries, problems = [], []
    for index, item in enumerate(doc.data or []):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("regle", "passage", "raison")):
            problems.append(Problem(shown, doc.line_of((index,)), "exception incomplète",
                                    "donnez regle, passage et raison (pourquoi ce n’est pas une faute)"))
            continue
        entries.append(Exception_(item["regle"], item["passage"], item["raison"]))
    return entries, problems


def _front_paragraphs(lesson: Lesson) -> list[Paragraph]:
    meta, front = lesson.meta, lesson.front
    found = [Paragraph([(front.line_of(("title",)), plain(meta.title))]),
             Paragraph([(front.line_of(("description",)), plain(meta.description))])]
    found += [Paragraph([(front.line_of(("objectives", i)), plain(o))]) for i, o in enumerate(meta.objectives)]
    return found


def lesson_findings(lesson: Lesson, lexicon: set[str], exceptions: list[Exception_]) -> list[Problem]:
    """Grammalecte's findings on one lesson, as warnings at their lines."""
    if lesson.meta.lang != "fr":
        return []
    checker = _checker()
    problems = []
    for paragraph in [*_front_paragraphs(lesson), *body_paragraphs(learner_lines(lesson.body), lesson.front.body_line)]:
        text = paragraph.text
        grammar, spelling = checker.getParagraphErrors(text, bSpellSugg=True)
        for error in grammar:
            passage = text[error["nStart"] : error["nEnd"]]
            if any(e.rule == error["sRuleId"] and e.passage == passage for e in exceptions):
                continue
            fix = " ou ".join(f"« {s} »" for s in error.get("aSuggestions", [])[:3]) or "reformulez"
            problems.append(Problem(lesson.display_path, paragraph.line_at(error["nStart"]),
                                    f"Grammalecte : {error['sMessage']} (« {passage} »)",
                                    f"écrivez {fix}" if fix != "reformulez" else fix, "warning"))
        for error in spelling:
            word = error["sValue"]
            if word in lexicon or any(e.rule == "orthographe" and e.passage == word for e in exceptions):
                continue
            suggestions = " ou ".join(f"« {s} »" for s in error.get("aSuggestions", [])[:3])
            problems.append(Problem(lesson.display_path, paragraph.line_at(error["nStart"]),
                                    f"Grammalecte : mot inconnu « {word} »",
                                    (f"écrivez {suggestions}, ou " if suggestions else "")
                                    + f"ajoutez-le à {LEXICON.as_posix()} s’il est juste", "warning"))
    return problems


def grammar_problems(root: Path, lessons: list[Lesson]) -> list[Problem]:
    """Every lesson's French, checked; a clear error when Grammalecte is not installed."""
    try:
        _checker()
    except GrammalecteMissing:
        return [Problem("grammaire", None, "Grammalecte n’est pas installé : le français des leçons n’a pas été vérifié",
                        "installez le paquet Debian python3-grammalecte (make check le fait)", "warning")]
    exceptions, problems = read_exceptions(root)
    lexicon = read_lexicon(root)
    for lesson in lessons:
        problems += lesson_findings(lesson, lexicon, exceptions)
    return problems

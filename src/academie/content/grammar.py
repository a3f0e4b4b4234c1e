"""The French of every lesson, checked by Grammalecte (Debian's python3-grammalecte).

Each finding is a warning `path:line: Grammalecte : message (« passage ») [règle id] — fix`. Two
reviewed files keep false alarms out:

- `grammaire/lexique.txt`, one entry per line:
  - a word the dictionary lacks (proper noun, acronym, accepted term): `Bpifrance`;
  - a name of several words or with a digit, accepted as a whole (not its parts elsewhere): `France Num`, `17Cyber`;
  - a reading, `écrit = lu`: Grammalecte reads `lu` where a lesson writes `écrit` (whole words;
    a capital first letter carries over). It is for terms its grammar rules misread, e.g.
    `RIA = règlement` (the AI Act, not the feminine noun « ria ») or `fichier clients = fichier`
    (a noun in apposition, not an adjective to agree). The term is accepted as written; the rest
    of the sentence is checked as usual. A finding inside it is shown on the written words.
- `grammaire/exceptions.yml`: a rule switched off for one exact passage, each with its reason. The
  passage is the words flagged or a longer exact passage around them; `regle` is the rule id printed
  in the warning, `orthographe` for the spelling checker, or `autre-langue` for a passage in another
  language (an English setting name, a reply to a German guest), where nothing is checked.

Lessons in another language (`lang`) are not checked.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from academie.content.catalogue import Lesson
from academie.content.divs import learner_lines
from academie.content.problems import Problem
from academie.content.prose import Paragraph, body_paragraphs, plain
from academie.content.yamltext import YamlProblem, parse_yaml

# Debian installs Grammalecte for the system Python; it is pure Python, so the project's own
# interpreter loads it from there without the rest of that folder.
GRAMMALECTE_DIR = Path("/usr/lib/python3/dist-packages/grammalecte")
LEXICON = Path("grammaire") / "lexique.txt"
EXCEPTIONS = Path("grammaire") / "exceptions.yml"
SPELLING = "orthographe"  # the `regle` of an exception for the spelling checker
OTHER_LANGUAGE = "autre-langue"  # the `regle` of an exception for a passage in another language
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # no-break spaces, one character each
# Typography is checked by tests/test_content_quality.py with the house rules (U+00A0 or U+202F
# before « : ; ! ? », a no-break space before % and €, not before every unit): Grammalecte checks
# grammar, agreement, conjugation, confusions and spelling.
OPTIONS = {"nbsp": False, "esp": False, "typo": False, "apos": False, "unit": False, "html": True, "md": True}


@dataclass(frozen=True)
class Exception_:
    rule: str  # a Grammalecte rule id, « orthographe » for the spelling checker, « autre-langue »
    passage: str  # the exact words flagged, or an exact passage around them
    reason: str
    line: int | None = None  # in grammaire/exceptions.yml

    def covers(self, rule: str, text: str, start: int, end: int) -> bool:
        """Whether this exception accepts the finding of `rule` on text[start:end] (a no-break
        space of the text matches a space of the passage)."""
        if self.rule not in (rule, OTHER_LANGUAGE) or not self.passage:
            return False
        passage, text = self.passage.translate(SPACES), text.translate(SPACES)
        return any(m.start() <= start and end <= m.end() for m in re.finditer(re.escape(passage), text))


@dataclass
class Lexicon:
    """The reviewed words, names and readings of `grammaire/lexique.txt`."""

    words: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # the entries with a space, a digit or a sign, whole
    readings: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None  # the written forms of the readings, longest first

    def add_reading(self, written: str, reading: str) -> None:
        self.readings[written] = reading
        if written[:1].islower():
            self.readings[written[:1].upper() + written[1:]] = reading[:1].upper() + reading[1:]
        forms = sorted(self.readings, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")

    def accepts(self, text: str, start: int, end: int, valid: Callable[[str], bool]) -> bool:
        """Whether the unknown word text[start:end] is in the lexicon (a capital first letter allowed;
        each part of a compound with hyphens, « ex-Team », in the lexicon or the dictionary), or
        lies inside a name of several words."""
        word = text[start:end]
        if self._has(word):
            return True
        if "-" in word and all(self._has(part) or valid(part) for part in word.split("-") if part):
            return True
        return any(
            m.start() <= start and end <= m.end() for name in self.names for m in re.finditer(re.escape(name), text)
        )

    def _has(self, word: str) -> bool:
        return word in self.words or (word[:1].isupper() and word[:1].lower() + word[1:] in self.words)


@dataclass
class Reading:
    """A paragraph's text as Grammalecte reads it, with the readings of the lexicon put in.

    `spans` holds each replaced stretch as (start in `text`, end in `text`, start in the original,
    end in the original), so that a finding is shown on the words the lesson writes.
    """

    original: str
    text: str
    spans: list[tuple[int, int, int, int]]

    def inside_reading(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e, _, _ in self.spans)

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """The offset in the original text; inside a reading, the start (or end) of the written words."""
        shift = 0
        for start, stop, o_start, o_stop in self.spans:
            if offset < start or (end and offset == start):
                break
            if offset < stop:
                return o_stop if end else o_start
            shift = o_stop - stop
        return offset + shift


def read(text: str, lexicon: Lexicon) -> Reading:
    pattern = lexicon.pattern
    if pattern is None:
        return Reading(text, text, [])
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    cursor = length = 0
    for match in pattern.finditer(text):
        parts.append(text[cursor : match.start()])
        length += match.start() - cursor
        reading = lexicon.readings[match.group()]
        spans.append((length, length + len(reading), match.start(), match.end()))
        parts.append(reading)
        length += len(reading)
        cursor = match.end()
    parts.append(text[cursor:])
    return Reading(text, "".join(parts), spans)


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


def read_lexicon(root: Path) -> Lexicon:
    lexicon = Lexicon()
    path = root / LEXICON
    if not path.is_file():
        return lexicon
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if "=" in entry:
            written, _, reading = (part.strip() for part in entry.partition("="))
            if written and reading:
                lexicon.add_reading(written, reading)
        elif entry:
            lexicon.words.add(entry)
            if not entry.isalpha():  # « France Num », « 17Cyber », « HES-SO »: Grammalecte flags a part of it
                lexicon.names.append(entry)
    return lexicon


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
            problems.append(
                Problem(
                    shown,
                    doc.line_of((index,)),
                    "exception incomplète",
                    "donnez regle, passage et raison (pourquoi ce n’est pas une faute)",
                )
            )
            continue
        entries.append(Exception_(item["regle"], item["passage"], item["raison"], doc.line_of((index,))))
    return entries, problems


def _front_paragraphs(lesson: Lesson) -> list[Paragraph]:
    meta, front = lesson.meta, lesson.front
    found = [
        Paragraph([(front.line_of(("title",)), plain(meta.title))]),
        Paragraph([(front.line_of(("description",)), plain(meta.description))]),
    ]
    found += [Paragraph([(front.line_of(("objectives", i)), plain(o))]) for i, o in enumerate(meta.objectives)]
    return found


def _excepted(exceptions: list[Exception_], used: set[int], rule: str, text: str, start: int, end: int) -> bool:
    for index, exception in enumerate(exceptions):
        if exception.covers(rule, text, start, end):
            used.add(index)
            return True
    return False


def lesson_findings(
    lesson: Lesson, lexicon: Lexicon, exceptions: list[Exception_], used: set[int] | None = None
) -> list[Problem]:
    """Grammalecte's findings on one lesson, as warnings at their lines (`used` collects the
    indexes of the exceptions that served)."""
    used = set() if used is None else used
    if lesson.meta.lang != "fr":
        return []
    checker = _checker()
    speller = checker.getSpellChecker()
    problems = []
    for paragraph in [*_front_paragraphs(lesson), *body_paragraphs(learner_lines(lesson.body), lesson.front.body_line)]:
        text = paragraph.text
        reading = read(text, lexicon)
        # Spelling suggestions are slow: they are asked only for the words reported.
        grammar, spelling = checker.getParagraphErrors(reading.text, bSpellSugg=False)
        for error in grammar:
            start, end = reading.to_original(error["nStart"]), reading.to_original(error["nEnd"], end=True)
            rule = error["sRuleId"]
            if _excepted(exceptions, used, rule, text, start, end):
                continue
            fix = " ou ".join(f"« {s} »" for s in error.get("aSuggestions", [])[:3]) or "reformulez"
            problems.append(
                Problem(
                    lesson.display_path,
                    paragraph.line_at(start),
                    f"Grammalecte : {error['sMessage']} (« {text[start:end]} ») [règle {rule}]",
                    f"écrivez {fix}" if fix != "reformulez" else fix,
                    "warning",
                )
            )
        for error in spelling:
            if reading.inside_reading(error["nStart"], error["nEnd"]):
                continue
            start, end = reading.to_original(error["nStart"]), reading.to_original(error["nEnd"], end=True)
            word = text[start:end]
            if lexicon.accepts(text, start, end, speller.isValid) or _excepted(
                exceptions, used, SPELLING, text, start, end
            ):
                continue
            suggestions = " ou ".join(f"« {s} »" for s in [s for group in speller.suggest(word) for s in group][:3])
            problems.append(
                Problem(
                    lesson.display_path,
                    paragraph.line_at(start),
                    f"Grammalecte : mot inconnu « {word} » [règle {SPELLING}]",
                    (f"écrivez {suggestions}, ou " if suggestions else "")
                    + f"ajoutez-le à {LEXICON.as_posix()} s’il est juste",
                    "warning",
                )
            )
    return problems


def grammar_problems(root: Path, lessons: list[Lesson]) -> list[Problem]:
    """Every lesson's French, checked; a clear error when Grammalecte is not installed."""
    try:
        _checker()
    except GrammalecteMissing:
        return [
            Problem(
                "grammaire",
                None,
                "Grammalecte n’est pas installé : le français des leçons n’a pas été vérifié",
                "installez le paquet Debian python3-grammalecte (make check le fait)",
                "warning",
            )
        ]
    exceptions, problems = read_exceptions(root)
    lexicon = read_lexicon(root)
    used: set[int] = set()
    for lesson in lessons:
        problems += lesson_findings(lesson, lexicon, exceptions, used)
    for index, exception in enumerate(exceptions):
        if index not in used:
            problems.append(
                Problem(
                    EXCEPTIONS.as_posix(),
                    exception.line,
                    f"exception inutile : « {exception.passage} » [règle {exception.rule}] ne couvre aucune alerte",
                    "retirez-la, ou recopiez exactement le passage et la règle de l’alerte",
                    "warning",
                )
            )
    return problems

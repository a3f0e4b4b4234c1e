"""Quiz blocks: fenced ```quiz blocks of YAML inside a lesson, parsed and checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pydantic import ValidationError

from academie.content.model import Choice, Question
from academie.content.schema_errors import problems_from
from academie.content.yamltext import YamlDoc, YamlProblem, parse_yaml


@cache
def _opening(language: str) -> re.Pattern[str]:
    """The opening fence of a block in `language` (quiz here; atelier and reperer in practice.py)."""
    return re.compile(rf"^(?P<fence>`{{3,}}|~{{3,}})\s*{re.escape(language)}\s*$")


TRUE_FALSE_CHOICES = ("Vrai", "Faux")


@dataclass(frozen=True)
class QuizChoice:
    text: str
    feedback: str | None
    correct: bool


@dataclass(frozen=True)
class QuizQuestion:
    text: str
    kind: str  # single | multiple | truefalse
    choices: tuple[QuizChoice, ...]
    explanation: str
    line: int  # line in the lesson file


@dataclass(frozen=True)
class QuizBlock:
    start: int  # index of the opening fence in the body lines
    end: int  # index of the closing fence
    line: int  # file line of the opening fence
    questions: tuple[QuizQuestion, ...]


@dataclass(frozen=True)
class RawBlock:
    start: int
    end: int
    line: int
    text: str


Report = Callable[[int, str, str], None]


def find_blocks(body: str, body_line: int, language: str = "quiz") -> list[RawBlock]:
    opening = _opening(language)
    lines = body.split("\n")
    blocks, index = [], 0
    while index < len(lines):
        match = opening.match(lines[index])
        if not match:
            index += 1
            continue
        fence = match.group("fence")
        for end in range(index + 1, len(lines)):
            if lines[end].strip() == fence:
                break
        else:
            end = len(lines)
        blocks.append(RawBlock(index, end, body_line + index, "\n".join(lines[index + 1 : end])))
        index = end + 1
    return blocks


def parse_block(raw: RawBlock, report: Report) -> QuizBlock | None:
    """Parse and check one block; report every problem; None if the block cannot be used."""
    first = raw.line + 1
    try:
        doc = parse_yaml(raw.text, first_line=first)
    except YamlProblem as problem:
        report(problem.line, f"quiz illisible : {problem.message}", problem.fix)
        return None
    if not isinstance(doc.data, list) or not doc.data:
        # The line of what was written instead of a list; the opening fence for an empty block.
        line = first + doc.line_of(()) - 1 if doc.node is not None else raw.line
        report(line, "un bloc quiz doit être une liste de questions", "commencez chaque question par « - question: »")
        return None
    questions = []
    for index, item in enumerate(doc.data):
        question = _parse_question(doc, index, item, first, report)
        if question is not None:
            questions.append(question)
    if len(questions) != len(doc.data):
        return None
    return QuizBlock(raw.start, raw.end, raw.line, tuple(questions))


def _parse_question(doc: YamlDoc, index: int, item: object, first: int, report: Report) -> QuizQuestion | None:
    def line_of(loc: tuple[int | str, ...]) -> int:
        return first + doc.line_of((index, *loc)) - 1

    if not isinstance(item, dict):
        report(
            line_of(()),
            f"la question {index + 1} n’est pas un ensemble de clés",
            "écrivez « - question: … » puis type, choices, answer, explanation",
        )
        return None
    try:
        q = Question.model_validate(item)
    except ValidationError as exc:
        for problem in problems_from(exc, line_of, lambda line, msg, fix: (line, msg, fix)):
            report(*problem)
        return None
    ok = True

    def fail(loc: tuple[int | str, ...], message: str, fix: str) -> None:
        nonlocal ok
        ok = False
        report(line_of(loc), message, fix)

    if q.type == "truefalse":
        if q.choices:
            fail(
                ("choices",),
                "une question vrai/faux n’a pas de choix",
                "supprimez « choices » : les choix sont Vrai et Faux",
            )
        if not isinstance(q.answer, bool):
            fail(
                ("answer",),
                "la réponse d’une question vrai/faux doit être true ou false",
                "écrivez answer: true ou answer: false",
            )
            return None
        choices = tuple(QuizChoice(t, None, (t == "Vrai") == q.answer) for t in TRUE_FALSE_CHOICES)
        return QuizQuestion(q.question, q.type, choices, q.explanation, line_of(())) if ok else None

    options = [c if isinstance(c, Choice) else Choice(text=c) for c in q.choices]
    texts = [c.text for c in options]
    if len(options) < 2:
        fail(("choices",), "il faut au moins deux choix", "ajoutez des choix sous « choices »")
    for position, text in enumerate(texts):
        if text in texts[:position]:
            fail(("choices", position), f"le choix « {text} » apparaît deux fois", "reformulez ou supprimez le doublon")
    if isinstance(q.answer, bool):
        fail(
            ("answer",),
            "true/false n’est une réponse que pour une question vrai/faux",
            'mettez type: "truefalse" ou donnez le texte du bon choix',
        )
        return None
    answers = q.answer if isinstance(q.answer, list) else [q.answer]
    if q.type == "single" and len(answers) != 1:
        fail(
            ("answer",),
            f"une question à choix unique doit avoir exactement une bonne réponse ({len(answers)} indiquées)",
            'gardez une seule réponse ou mettez type: "multiple"',
        )
    if q.type == "multiple" and not answers:
        fail(
            ("answer",),
            "une question à choix multiple doit avoir au moins une bonne réponse",
            "listez les bons choix sous « answer »",
        )
    for answer in answers:
        if answer not in texts:
            fail(
                ("answer",),
                f"la réponse « {answer} » ne fait pas partie des choix",
                "recopiez exactement le texte d’un des choix",
            )
    if not ok:
        return None
    choices = tuple(QuizChoice(c.text, c.feedback, c.text in answers) for c in options)
    return QuizQuestion(q.question, q.type, choices, q.explanation, line_of(()))

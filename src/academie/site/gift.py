"""A track's quiz questions in Moodle's GIFT format, so that trainers can import them into Moodle.

The text follows what Moodle's own GIFT importer (question/format/gift/format.php) reads:

- one question per block, blocks separated by a blank line, `//` lines are comments;
- `$CATEGORY: a/b` puts the following questions in that category (a `/` inside a name is doubled);
- `::name::[plain]text{ … }`: the site shows quiz texts as plain text, so they are imported as
  plain text (format tag `[plain]`, which the answers and feedbacks inherit);
- `~ = # { } :` are escaped with a backslash, a backslash is doubled, a newline is written `\\n`;
- single choice: `=right#feedback` and `~wrong#feedback`; multiple choice: `~%weight%` from the
  grades Moodle accepts, the right ones summing to 100, `~%-100%` for the wrong ones;
  true/false: `{TRUE#wrong feedback#right feedback}`; `####text` is the general feedback;
- a `// [tag:lesson-id]` comment tags each question with its lesson (Moodle 3.6 and later).
"""

from __future__ import annotations

import re
from itertools import combinations_with_replacement

from academie.content.catalogue import Catalogue, Lesson
from academie.content.model import Track
from academie.content.quiz import TRUE_FALSE_CHOICES, QuizChoice, QuizQuestion

SITE_NAME = "Académie de l’IA"
TEXT_FORMAT = "[plain]"

# The grades (in %) that Moodle accepts for an answer (question_bank::fraction_options_full).
MOODLE_GRADES = (
    "100",
    "90",
    "83.33333",
    "80",
    "75",
    "70",
    "66.66667",
    "60",
    "50",
    "40",
    "33.33333",
    "30",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
    "5",
)

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


def escape(text: str) -> str:
    """A text with GIFT's special characters escaped and its newlines written `\\n`, on one line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)


def _field(text: str) -> str:
    """An answer, feedback or general feedback: escaped, and with an explicit format tag when
    it starts with « [ », which Moodle would otherwise take for the start of a format tag."""
    return (TEXT_FORMAT if text.lstrip().startswith("[") else "") + escape(text)


def _one_line(text: str) -> str:
    """Line breaks and runs of ordinary white space become one space; no-break spaces stay (French typography)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip(" ")


def right_weights(count: int) -> list[str]:
    """Grades (in %) for `count` right answers of a multiple-choice question: all from Moodle's
    list, summing to 100 (Moodle checks the sum rounded to 0.01), as equal as possible, highest first."""
    best: tuple[float, list[str]] | None = None
    for high, low in combinations_with_replacement(MOODLE_GRADES, 2):  # high >= low
        for highs in range(count, 0, -1):
            if abs(highs * float(high) + (count - highs) * float(low) - 100) < 0.001:
                spread = float(high) - float(low)
                if best is None or spread < best[0]:
                    best = (spread, [high] * highs + [low] * (count - highs))
                break
    if best is None:
        raise ValueError(f"aucune pondération Moodle ne convient à {count} bonnes réponses")
    return best[1]


def _choice(prefix: str, choice: QuizChoice) -> str:
    line = prefix + _field(choice.text)
    return line + ("#" + _field(choice.feedback) if choice.feedback else "")


def _answers(question: QuizQuestion) -> list[str]:
    """The lines between the braces, general feedback included."""
    if question.kind == "truefalse":
        right = next(c for c in question.choices if c.correct)
        wrong = next(c for c in question.choices if not c.correct)
        value = "TRUE" if right.text == TRUE_FALSE_CHOICES[0] else "FALSE"
        if right.feedback:
            value += "#" + _field(wrong.feedback or "") + "#" + _field(right.feedback)
        elif wrong.feedback:
            value += "#" + _field(wrong.feedback)
        return [value + "####" + _field(question.explanation)]
    lines = []
    if question.kind == "multiple":
        weights = iter(right_weights(sum(c.correct for c in question.choices)))
        for choice in question.choices:
            lines.append(_choice(f"~%{next(weights)}%" if choice.correct else "~%-100%", choice))
    else:
        for choice in question.choices:
            # A wrong answer starting with « % » gets an explicit 0 % grade, so that its text is not read as one.
            wrong_mark = "~%0%" if choice.text.startswith("%") else "~"
            lines.append(_choice("=" if choice.correct else wrong_mark, choice))
    lines.append("####" + _field(question.explanation))
    return ["\t" + line for line in lines]


def question_gift(name: str, question: QuizQuestion) -> str:
    """One question, without a trailing newline."""
    head = f"::{escape(name)}::{TEXT_FORMAT}{escape(question.text)}{{"
    answers = _answers(question)
    if question.kind == "truefalse":
        return head + answers[0] + "}"
    return "\n".join([head, *answers, "}"])


def category_path(*names: str) -> str:
    """A Moodle category path: a « / » inside a name is doubled, as Moodle's own export does."""
    parts = []
    for name in names:
        part = _one_line(name).replace("\\", "\\\\").replace("/", "//")
        parts.append((" " if part.startswith("/") else "") + part + (" " if part.endswith("/") else ""))
    return "/".join(parts)


def _lesson_block(lesson: Lesson) -> list[str]:
    """The lesson's questions, each with a Moodle tag naming the lesson (`// [tag:…]`, read by Moodle 3.6 and later)."""
    comment = f"// Leçon « {_one_line(lesson.title)} » ({lesson.id})"
    if not lesson.questions:
        return [comment + " : aucune question"]
    blocks = [
        f"// [tag:{lesson.id}]\n" + question_gift(f"{lesson.id} — question {number}", question)
        for number, question in enumerate(lesson.questions, start=1)
    ]
    blocks[0] = comment + "\n" + blocks[0]
    return blocks


def track_gift(catalogue: Catalogue, track: Track) -> str:
    """Every question of the track's lessons, in track order, as a GIFT file (UTF-8 text)."""
    lessons = catalogue.track_lessons(track)
    count = sum(len(lesson.questions) for lesson in lessons)
    header = "\n".join(
        [
            f"// {SITE_NAME} — « {_one_line(track.title)} » : les questions des quiz au format GIFT (Moodle).",
            f"// Fichier généré automatiquement par l’{SITE_NAME} à partir des leçons : corrigez les leçons, pas ce fichier.",
            f"// {len(lessons)} leçons, {count} questions. Dans Moodle : Banque de questions > Importer > format GIFT,",
            "// en cochant « Obtenir la catégorie à partir du fichier ».",
        ]
    )
    blocks = [header, f"$CATEGORY: {category_path(SITE_NAME, track.title)}"]
    for lesson in lessons:
        blocks.extend(_lesson_block(lesson))
    return "\n\n".join(blocks) + "\n"

"""The Moodle GIFT export of a track: read back with a parser that follows Moodle's own importer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from projects import ROOT, lesson_text, make_project, track_text

from academie import load_catalogue
from academie.content.catalogue import Catalogue
from academie.content.quiz import QuizQuestion
from academie.site.gift import right_weights, track_gift

# ---------------------------------------------------------------------------------------------
# A GIFT reader written after Moodle's question/format/gift/format.php (readquestions, readquestion,
# escapedchar_pre/post, parse_text_with_format, commentparser, split_truefalse_comment), limited to
# the question types the export writes, and stricter: a special character left unescaped in a text
# is an error here, where Moodle would silently cut the text.
# ---------------------------------------------------------------------------------------------

PHP_WHITESPACE = " \t\n\r\0\x0b"  # PHP's trim() keeps no-break spaces, unlike str.strip()
ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
PLACEHOLDERS = {escaped: f"\ue000{index}\ue001" for index, escaped in enumerate(ESCAPES)}
BACKSLASH = "\ue002"
SPECIALS = set("~=#{}:")
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
# question_bank::fraction_options_full(): the only grades Moodle accepts for an answer.
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)


class GiftError(ValueError):
    pass


def trim(text: str) -> str:
    return text.strip(PHP_WHITESPACE)


def unescape_pre(text: str) -> str:
    text = text.replace("\\\\", BACKSLASH)
    for escaped, placeholder in PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace(BACKSLASH, "\\")


def unescape_post(text: str, where: str) -> str:
    unescaped = SPECIALS & set(text)
    if unescaped:
        raise GiftError(f"caractère spécial non échappé {sorted(unescaped)} dans {where} : {text!r}")
    for escaped, placeholder in PLACEHOLDERS.items():
        text = text.replace(placeholder, ESCAPES[escaped])
    return text


def with_format(text: str, default: str, where: str) -> tuple[str, str]:
    """parse_text_with_format: an optional leading [format] tag, then the text."""
    text_format = default
    if text.startswith("["):
        end = text.index("]")
        if text[1:end] in ("moodle", "html", "plain", "markdown"):
            text_format, text = text[1:end], text[end + 1 :]
    return trim(unescape_post(text, where)), text_format


@dataclass
class GiftAnswer:
    text: str
    fraction: float
    feedback: str


@dataclass
class GiftQuestion:
    name: str
    text: str
    text_format: str
    qtype: str  # multichoice | truefalse
    single: bool = True
    answers: list[GiftAnswer] = field(default_factory=list)
    true_is_right: bool | None = None
    right_feedback: str = ""
    wrong_feedback: str = ""
    general_feedback: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class GiftFile:
    categories: list[str]
    questions: list[GiftQuestion]
    comments: list[str]


def parse_gift(source: str) -> GiftFile:
    blocks, current = [], []
    for line in source.split("\n"):
        if trim(line) == "":
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(trim(line))
    if current:
        blocks.append(current)
    result, category = GiftFile([], [], []), ""
    for lines in blocks:
        comments = [line for line in lines if line.startswith("//")]
        result.comments += comments
        text = trim("\n".join(" " if line.startswith("//") else line for line in lines))
        if not text:
            continue
        text = unescape_pre(text)
        if text.startswith("$CATEGORY:"):
            category = trim(text[len("$CATEGORY:") :])
            result.categories.append(category)
            continue
        question = parse_question(text)
        question.category = category
        question.comments = comments
        question.tags = re.findall(r"\[tag:([^\]]+)\]", "\n".join(comments))
        result.questions.append(question)
    return result


def parse_question(text: str) -> GiftQuestion:
    if not text.startswith("::"):
        raise GiftError(f"question sans nom : {text[:80]!r}")
    end = text.index("::", 2)
    name = trim(unescape_post(text[2:end], "le nom"))
    text = trim(text[end + 2 :])
    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < 0 or finish < start:
        raise GiftError(f"accolades mal placées dans {name}")
    if finish != len(text) - 1:
        raise GiftError(f"texte après le bloc de réponses (format « mot manquant ») dans {name}")
    answer_text = trim(text[start + 1 : finish])
    question_text, text_format = with_format(trim(text[:start]), "moodle", f"le texte de {name}")
    general = ""
    separator = answer_text.rfind("####")
    if separator >= 0:
        general = answer_text[separator + 4 :]
        answer_text = trim(answer_text[:separator])
    general, _ = with_format(trim(general), text_format, f"la correction de {name}")
    question = GiftQuestion(name, question_text, text_format, "", general_feedback=general)
    if "~" in answer_text:
        question.qtype = "multichoice"
        question.single = "=" in answer_text
        parts = answer_text.replace("=", "~=").split("~")
        if not trim(parts[0]):
            parts = parts[1:]
        if len(parts) < 2:
            raise GiftError(f"moins de deux réponses dans {name}")
        for part in parts:
            part = trim(part)
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            elif WEIGHT.match(part):
                closing = part.index("%", 1)
                fraction, part = float(part[1:closing]) / 100, part[closing + 1 :]
            else:
                fraction = 0.0
            bits = part.split("#", 1)
            answer, _ = with_format(trim(bits[0]), text_format, f"une réponse de {name}")
            feedback, _ = (
                with_format(trim(bits[1]), text_format, f"un commentaire de {name}") if len(bits) > 1 else ("", "")
            )
            question.answers.append(GiftAnswer(answer, fraction, feedback))
        return question
    bits = answer_text.split("#", 2)
    if trim(bits[0]) not in ("T", "TRUE", "F", "FALSE"):
        raise GiftError(f"type de question inattendu dans {name} : {answer_text!r}")
    question.qtype = "truefalse"
    question.true_is_right = trim(bits[0]) in ("T", "TRUE")
    if len(bits) > 1:
        question.wrong_feedback, _ = with_format(trim(bits[1]), text_format, f"un commentaire de {name}")
    if len(bits) > 2:
        question.right_feedback, _ = with_format(trim(bits[2]), text_format, f"un commentaire de {name}")
    return question


def right_answers(question: GiftQuestion) -> list[str]:
    if question.qtype == "truefalse":
        return ["Vrai" if question.true_is_right else "Faux"]
    return [a.text for a in question.answers if a.fraction > 0]


def assert_same(parsed: GiftQuestion, question: QuizQuestion) -> None:
    """The question read back from GIFT is the quiz question, exactly, graded as Moodle will grade it."""
    assert parsed.text == question.text
    assert parsed.text_format == "plain"
    assert parsed.general_feedback == question.explanation
    assert right_answers(parsed) == [c.text for c in question.choices if c.correct]
    if question.kind == "truefalse":
        assert parsed.qtype == "truefalse"
        return
    assert parsed.qtype == "multichoice" and parsed.single == (question.kind == "single")
    assert [(a.text, a.feedback) for a in parsed.answers] == [(c.text, c.feedback or "") for c in question.choices]
    for answer, choice in zip(parsed.answers, question.choices, strict=True):
        if question.kind == "single":
            assert answer.fraction == (1.0 if choice.correct else 0.0)
        elif choice.correct:
            assert any(abs(answer.fraction - allowed) < 1e-5 for allowed in MOODLE_FRACTIONS), answer
        else:
            assert answer.fraction == -1.0
    if question.kind == "multiple":
        assert round(sum(a.fraction for a in parsed.answers if a.fraction > 0), 2) == 1.0


def assert_track_exported(catalogue: Catalogue) -> None:
    for track in catalogue.tracks:
        gift = track_gift(catalogue, track)
        parsed = parse_gift(gift)
        assert parsed.categories == [f"Académie de l’IA/{track.title.replace('/', '//')}"]
        expected = [
            (lesson, number, question)
            for lesson in catalogue.track_lessons(track)
            for number, question in enumerate(lesson.questions, start=1)
        ]
        assert expected, f"le parcours {track.id} n’a aucune question"
        names = [q.name for q in parsed.questions]
        assert len(names) == len(set(names)), f"question exportée deux fois dans {track.id}"
        assert names == [f"{lesson.id} — question {number}" for lesson, number, _ in expected]
        for found, (lesson, _, question) in zip(parsed.questions, expected, strict=True):
            assert_same(found, question)
            assert found.tags == [lesson.id]


# ---------------------------------------------------------------------------------------------
# (1) A small project whose quiz texts hold every special character.
# ---------------------------------------------------------------------------------------------

TRICKY_QUIZ = r"""
```quiz
- question: 'Que vaut {x} quand x = 2 ~ 3 ? # : et \ compris'
  type: "single"
  choices:
    - text: '=1 {vrai}'
      feedback: 'Non : ~ et # ne changent rien \ ici.'
    - text: '~2 #deux'
      feedback: 'Oui : {2} = deux.'
    - text: '[RGPD] article 6 : base légale'
    - text: '%50% de remise'
      feedback: '[plain] reste dans le texte'
    - 'TRUE'
  answer: '~2 #deux'
  explanation: 'Le \\ double, le \n littéral et :: restent intacts ; #### aussi ; {fin}'
- question: "Cochez les bonnes réponses :\nligne 2 = {suite}\n// pas un commentaire"
  type: "multiple"
  choices:
    - text: 'a = b'
      feedback: 'Juste : a=b'
    - text: 'c ~ d'
    - text: 'e # f'
      feedback: 'Faux, \ voilà'
    - text: 'g { h } i'
    - text: 'C:\dossier\nouveau'
  answer: ['a = b', 'c ~ d', 'C:\dossier\nouveau']
  explanation: "Trois bonnes réponses : 33,33 % chacune.\nDeuxième ligne."
- question: 'Le symbole \ suivi de : s’écrit \: en GIFT ; = { } ~ # aussi.'
  type: "truefalse"
  answer: false
  explanation: 'Faux : on écrit \\ puis \: — {voilà} = ~ # ##'
- question: "Vrai ou faux : «\u00a0:{}\u00a0» est une accolade."
  type: "truefalse"
  answer: true
  explanation: "Oui, {} = accolades ; ~ # :"
```
"""


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("gift")
    body = "## Texte\n\nUne leçon piégée.\n" + TRICKY_QUIZ
    second = "## Texte\n\nSuite.\n\n```quiz\n- question: 'Deux = 2 ?'\n  type: \"truefalse\"\n  answer: true\n  explanation: 'Oui.'\n```\n"
    lessons = {
        "a/piegee.md": lesson_text("piegee", "Leçon : {piégée} = #1", body=body),
        "a/sans-quiz.md": lesson_text("sans-quiz", "Sans quiz"),
        "a/suite.md": lesson_text("suite", "Suite", body=second),
    }
    tracks = {
        "tpe.yml": track_text("tpe", [("Un", ["suite", "piegee"]), ("Deux", ["sans-quiz"])]).replace(
            'title: "Parcours tpe"', 'title: "Parcours TPE / CCI : essais"'
        )
    }
    make_project(folder, lessons, tracks)
    catalogue, problems = load_catalogue(folder)
    assert [str(p) for p in problems if p.is_error] == []
    return catalogue


def test_the_tricky_quiz_is_really_tricky(tricky: Catalogue) -> None:
    questions = tricky.lessons["piegee"].questions
    assert [q.kind for q in questions] == ["single", "multiple", "truefalse", "truefalse"]
    everything = "".join(
        q.text + q.explanation + "".join(c.text + (c.feedback or "") for c in q.choices) for q in questions
    )
    assert set("{}=~#:\\\n") <= set(everything)
    assert "\\" in questions[0].text and "\\" in questions[1].choices[4].text and "\n" in questions[1].text


def test_every_question_comes_back_exactly(tricky: Catalogue) -> None:
    track = tricky.tracks[0]
    gift = track_gift(tricky, track)
    parsed = parse_gift(gift)
    expected = [("suite", 1)] + [("piegee", n) for n in range(1, 5)]
    assert [q.name for q in parsed.questions] == [f"{lesson} — question {n}" for lesson, n in expected]
    for found, (lesson, number) in zip(parsed.questions, expected, strict=True):
        assert_same(found, tricky.lessons[lesson].questions[number - 1])
        assert found.tags == [lesson]
        assert found.category == "Académie de l’IA/Parcours TPE // CCI : essais"
    multiple = parsed.questions[2]
    assert [a.fraction for a in multiple.answers] == pytest.approx([0.3333333, 0.3333333, -1.0, -1.0, 0.3333333])
    assert parsed.questions[3].true_is_right is False and parsed.questions[4].true_is_right is True


def test_the_file_is_laid_out_for_moodle(tricky: Catalogue) -> None:
    track = tricky.tracks[0]
    gift = track_gift(tricky, track)
    assert gift == track_gift(tricky, track)  # deterministic
    assert gift.endswith("\n") and not gift.endswith("\n\n") and "\n\n\n" not in gift and "\r" not in gift
    gift.encode("utf-8")
    header = gift.split("\n\n")[0].split("\n")
    assert all(line.startswith("// ") for line in header)
    assert "Parcours TPE / CCI : essais" in header[0] and "Académie de l’IA" in header[1]
    assert "$CATEGORY: Académie de l’IA/Parcours TPE // CCI : essais" in gift.split("\n")
    blocks = gift.rstrip("\n").split("\n\n")
    question_blocks = [b for b in blocks if "\n::" in "\n" + b]
    assert len(question_blocks) == 5  # one question per block, blocks separated by one blank line
    comments = parse_gift(gift).comments
    assert "// Leçon « Suite » (suite)" in comments
    assert "// Leçon « Leçon : {piégée} = #1 » (piegee)" in comments
    assert any(c.startswith("// Leçon « Sans quiz » (sans-quiz)") for c in comments)
    # Lessons in track order, each lesson's comment just before its first question.
    assert gift.index("(suite)") < gift.index("(piegee)") < gift.index("(sans-quiz)")
    assert "// Leçon « Suite » (suite)\n// [tag:suite]\n::suite — question 1::[plain]Deux \\= 2 ?{TRUE####Oui.}" in gift


def test_escaping_is_moodles() -> None:
    from academie.site.gift import escape

    assert escape("a\\b ~ = # { } : \n") == "a\\\\b \\~ \\= \\# \\{ \\} \\: \\n"
    assert escape("C:\\new") == "C\\:\\\\new"
    assert unescape_post(unescape_pre(escape("\\n \\: \\\\ \\")), "test") == "\\n \\: \\\\ \\"


@pytest.mark.parametrize("count", range(1, 21))
def test_weights_are_moodle_grades_summing_to_100(count: int) -> None:
    weights = right_weights(count)
    assert len(weights) == count
    assert all(any(abs(float(w) / 100 - allowed) < 1e-5 for allowed in MOODLE_FRACTIONS) for w in weights)
    assert round(sum(float(w) for w in weights) / 100, 2) == 1.0
    assert all(WEIGHT.match(f"%{w}%") for w in weights)
    if count <= 10 or count == 20:
        assert len(set(weights)) == 1


def test_too_many_right_answers_cannot_be_weighted() -> None:
    with pytest.raises(ValueError):
        right_weights(21)


def test_the_reader_refuses_unescaped_characters() -> None:
    with pytest.raises(GiftError):
        parse_gift("::q::[plain]Texte : oui{=a ~b}\n")
    with pytest.raises(GiftError):
        parse_gift("::q::[plain]Texte{=a # b#c ~b}\n")
    assert right_answers(parse_gift("::q::[plain]Texte \\: oui{=a ~b####c}\n").questions[0]) == ["a"]


# ---------------------------------------------------------------------------------------------
# (2) The real catalogue: every question of every lesson of each track, once, with its right answers.
# ---------------------------------------------------------------------------------------------


def test_every_real_track_exports_all_its_questions() -> None:
    catalogue, problems = load_catalogue(ROOT)
    errors = [str(p) for p in problems if p.is_error]
    assert errors == [], "\n".join(errors)
    assert catalogue.tracks
    assert_track_exported(catalogue)

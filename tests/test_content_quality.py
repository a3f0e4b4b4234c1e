"""Quality of the lessons themselves: shape of the curriculum, sourced numbers, figures, French typography.

Everything here reads files (no build, no browser). The checkers work on a lesson's text, so
each rule is proved on a small in-memory sample before it is run on the real content.

What counts as prose, for the number inventory and the typography checks:
- in the front matter: `title`, `description`, `objectives` (not `id`, `updated`, `duration`, `sources`);
- the body, except fenced code blocks, inline code, URLs and link targets, HTML tags and comments,
  domain names (« usine-digitale.fr » is a source's name), Markdown syntax (list markers, table rules,
  emphasis, attribute lists, emoji shortcodes) and the admonition keywords (`!!! note`, `??? success`):
  an admonition's title between its straight quotes is prose, its quotes are syntax;
- image alt texts (read aloud by screen readers);
- quizzes: every question, choice, feedback and explanation, read through YAML, so that the YAML
  quoting is not prose but a straight quote inside a value is;
- the text, title and desc of the lesson's SVG figures (shown to the learner).

Decisions of the typography check (French rules from the Lexique de l’Imprimerie nationale):
- straight double quotes are refused in prose; they are fine as YAML quoting, in code, in HTML
  attributes and around an admonition's title; “…” is accepted for a quotation inside « … »;
- before « : ; ! ? » a no-break space (U+00A0) or a narrow one (U+202F) is required; not checked:
  a mark at the start of a line, the second mark of « ?! », a colon between digits (10:30, 16:9);
- inside « … » and between a number and « % » or « € », a no-break space; thousands are grouped
  with a no-break space (« 5 000 »);
- the straight apostrophe is refused between letters: the lessons use ’ throughout;
- wording errors come from tests/typography_errors.yml, which says what is deliberately allowed
  (« par contre », an English term in brackets after its French word, source names such as
  « usine-digitale.fr »).

Run `python tests/test_content_quality.py` to print every number of every lesson and of its
figures, in context: the inventory a reviewer compares with faits.md and the seed article.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from conftest import run_academie
from projects import ROOT

from academie import load_catalogue
from academie.content.frontmatter import split_front_matter
from academie.content.notebook_source import cell_source, notebook_as_markdown
from academie.content.quiz import find_blocks
from academie.content.yamltext import YamlProblem, parse_yaml

NBSP, NNBSP = "\u00a0", "\u202f"
NO_BREAK = (NBSP, NNBSP)
FRONT_PROSE_KEYS = ("title", "description", "objectives")
WORDS_PER_MINUTE = 200
MAX_FIGURE_BYTES = 50_000
DURATION_SLACK = 2  # minutes either way, or a tenth of the estimate for a long lesson
CODE_CELL_MINUTES = 2.5  # to read a code cell of a notebook, run it and look at its result
ERROR_RULES_FILE = Path(__file__).with_name("typography_errors.yml")


@dataclass(frozen=True)
class Prose:
    line: int
    text: str
    kind: str = "text"  # or a quiz key: "question", "explanation", "text" of a choice, "feedback" (shown
    #                     only to who picks that choice, so not counted as reading time)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None  # None for a notebook, whose message names the cell instead
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.fix}"


# --- What is prose -------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w-]*)")
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>[^"]*)")?\s*$')
_LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BLOCK_MARKERS = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
_INLINE_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`+[^`]*`+"), "code"),  # inline code: a neutral word
    (re.compile(r"<!--.*?-->"), ""),  # HTML comments
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"<(?:https?|mailto):[^>]*>"), ""),  # autolinks
    (re.compile(r"</?[a-zA-Z][^>]*>"), ""),  # HTML tags (their attributes too)
    (re.compile(r"(?:https?://|mailto:|www\.)\S+"), ""),  # bare URLs
    (
        re.compile(
            r"\b[\w-]+(?:\.[\w-]+)*\.(?:gouv\.fr|fr|com|org|net|eu|re|ch|be|it|io|ai|nl|cn|law|info|watch)\b(?:/\S*)?"
        ),
        "site",
    ),
    (re.compile(r"\{[:#.][^}]*\}"), ""),  # attribute lists
    (re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])"), ""),  # emoji shortcodes
    (re.compile(r"(?<!\S)[:;]-?[()DPp](?!\w)"), ""),  # emoticons
    (re.compile(r"\*+|~~|(?<!\w)_+|_+(?!\w)"), ""),  # emphasis markers
)


def mask_inline(text: str) -> str:
    """A line of Markdown reduced to what the reader reads."""
    text = re.sub(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);", lambda m: html.unescape(m.group()), text)
    for pattern, replacement in _INLINE_MASKS:
        text = pattern.sub(replacement, text)
    return text


def body_prose(body: str, first_line: int) -> Iterator[Prose]:
    """Prose lines of a Markdown body; fenced blocks (quizzes included) are left to their own readers."""
    fence: str | None = None
    in_comment = False
    for offset, raw in enumerate(body.split("\n")):
        line = first_line + offset
        if fence:
            if raw.strip() == fence:
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if match := _FENCE.match(raw):
            fence = match.group(1)
            continue
        if raw.lstrip().startswith("<!--") and "-->" not in raw:
            in_comment = True
            continue
        if _LINK_DEFINITION.match(raw) or _TABLE_RULE.match(raw):
            continue
        if admonition := _ADMONITION.match(raw):
            if admonition.group("title"):
                yield Prose(line, mask_inline(admonition.group("title")))
            continue
        text = _BLOCK_MARKERS.sub("", raw)
        if text.lstrip().startswith("*[") and "]:" in text:  # abbreviation definition: its expansion is prose
            text = text.split("]:", 1)[1]
        text = mask_inline(text).replace("|", " ")
        if text.strip():
            yield Prose(line, text)


def yaml_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from yaml_strings(item)


def quiz_prose(body: str, first_line: int) -> Iterator[Prose]:
    """Questions, choices, feedback and explanations of every quiz block, with their file lines."""
    for block in find_blocks(body, first_line):
        try:
            doc = parse_yaml(block.text)
        except YamlProblem:
            continue  # `academie check` reports it
        if not isinstance(doc.data, list):
            continue
        for index, item in enumerate(doc.data):
            if not isinstance(item, dict):
                continue

            def at(*loc: Any) -> int:
                return block.line + doc.line_of((index, *loc))

            for key in ("question", "explanation"):
                if isinstance(item.get(key), str):
                    yield Prose(at(key), mask_inline(item[key]), key)
            for position, choice in enumerate(item.get("choices") or []):
                if isinstance(choice, str):
                    yield Prose(at("choices", position), mask_inline(choice))
                elif isinstance(choice, dict):
                    for key in ("text", "feedback"):
                        if isinstance(choice.get(key), str):
                            yield Prose(at("choices", position, key), mask_inline(choice[key]), key)


@dataclass(frozen=True)
class LessonText:
    path: str  # as shown to authors: content/<theme>/<file>.md
    front: dict[str, Any]
    prose: tuple[Prose, ...]  # front matter prose, body, alt texts and quizzes
    body: str
    body_line: int
    duration_line: int
    cells: tuple[int, ...] = ()  # for a notebook: the cell (1-based) of each line of its joined Markdown

    def finding(self, line: int, message: str, fix: str) -> Finding:
        """A finding at a line of the lesson; in a notebook, at a cell (its lines are those of the joined cells)."""
        if not self.cells:
            return Finding(self.path, line, message, fix)
        return Finding(self.path, None, f"cellule {self.cells[min(line, len(self.cells)) - 1]}{NBSP}: {message}", fix)

    @property
    def sources(self) -> list[str]:
        return [s for s in self.front.get("sources") or [] if isinstance(s, str) and s.strip()]


def notebook_cells(text: str) -> tuple[int, ...]:
    """The cell of each line of `notebook_as_markdown(text)`, which joins the cells it keeps by newlines."""
    cells: list[int] = []
    data = json.loads(text)["cells"]
    for number, cell in enumerate(data, start=1):
        if number > 1 and cell.get("cell_type") not in ("markdown", "code"):
            continue  # dropped by notebook_as_markdown
        source = cell_source(cell).strip() + "\n" if number == 1 else cell_source(cell) + "\n"
        if cell.get("cell_type") == "code":
            source = f"```python\n{source}```\n"
        cells += [number] * (source.count("\n") + 1)  # its lines, then the blank line that joins it to the next
    return tuple(cells)


def read_lesson(text: str, path: str) -> LessonText:
    """A lesson's prose; a notebook is read as the Markdown it is published as."""
    notebook = path.endswith(".ipynb")
    front = split_front_matter(notebook_as_markdown(text) if notebook else text)
    data = front.doc.data
    prose = [
        Prose(front.line_of((key,)), mask_inline(value))
        for key in FRONT_PROSE_KEYS
        for value in yaml_strings(data.get(key))
    ]
    prose += [p for p in body_prose(front.body, front.body_line)]
    prose += list(quiz_prose(front.body, front.body_line))
    return LessonText(
        path,
        data,
        tuple(sorted(prose, key=lambda p: p.line)),
        front.body,
        front.body_line,
        front.line_of(("duration",)),
        notebook_cells(text) if notebook else (),
    )


# --- Figures ------------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.I)
FRENCH_FUNCTION_WORDS = {
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "de",
    "du",
    "d",
    "et",
    "en",
    "à",
    "au",
    "aux",
    "avec",
    "pour",
    "sur",
    "dans",
    "qui",
    "que",
    "ou",
    "est",
    "sont",
    "son",
    "sa",
    "ses",
}


@dataclass(frozen=True)
class Image:
    line: int
    alt: str
    target: str


def images(lesson: LessonText) -> list[Image]:
    found = []
    for offset, raw in enumerate(lesson.body.split("\n")):
        line = lesson.body_line + offset
        found += [Image(line, m.group("alt").strip(), m.group("target")) for m in _IMAGE.finditer(raw)]
        found += [Image(line, "", m.group(1)) for m in _HTML_IMAGE.finditer(raw)]
    return found


def is_french_alt(alt: str) -> bool:
    words = re.findall(r"[a-zà-ÿœ]+", alt.lower())
    return len(words) >= 4 and bool(FRENCH_FUNCTION_WORDS & set(words))


def svg_findings(path: Path, shown: str) -> list[Finding]:
    """An SVG made for the project: well-formed, no script, nothing fetched from anywhere."""

    def finding(message: str, fix: str) -> Finding:
        return Finding(shown, 1, message, fix)

    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        return [finding(f"SVG illisible ({exc})", "enregistrez un SVG valide (XML bien formé)")]
    problems = []
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        problems.append(
            finding("la racine n’est pas <svg> dans l’espace de noms SVG", 'ajoutez xmlns="http://www.w3.org/2000/svg"')
        )
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            problems.append(
                finding(f"élément <{tag}> interdit dans une figure", "supprimez-le : une figure est un dessin statique")
            )
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                problems.append(finding(f"attribut {local} (script) interdit", "supprimez-le"))
            if local in ("href", "src") and not value.startswith(("#", "data:image/")):
                problems.append(
                    finding(
                        f"<{tag}> pointe vers « {value} »",
                        "intégrez l’élément dans le SVG ou visez un identifiant interne (#id)",
                    )
                )
            if re.search(r"url\(\s*['\"]?(?!#)", value):
                problems.append(
                    finding(f"url() externe dans l’attribut {local}", "n’utilisez que url(#id) vers un élément du SVG")
                )
        if (
            tag == "style"
            and element.text
            and (re.search(r"url\(\s*['\"]?(?!#)", element.text) or "@import" in element.text)
        ):
            problems.append(finding("<style> charge une ressource externe", "n’utilisez que url(#id) et aucun @import"))
    return problems


def svg_prose(path: Path) -> list[str]:
    """The words an SVG figure shows: its text, title and desc elements."""
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError:
        return []
    shown = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("text", "title", "desc"):
            words = re.sub(r"[ \t\r\n]+", " ", "".join(element.itertext())).strip()
            if words:
                shown.append(words)
    return shown


def lesson_figures(lesson: LessonText, folder: Path) -> list[Path]:
    return [(folder / image.target).resolve() for image in images(lesson) if not re.match(r"^[a-z]+:|//", image.target)]


def image_findings(lesson: LessonText, folder: Path) -> list[Finding]:
    """Every image of a lesson: a local SVG or PNG of its own img/ folder, with a French alt text."""
    problems = []
    stem = PurePosixPath(lesson.path).stem
    for image in images(lesson):

        def add(message: str, fix: str) -> None:
            problems.append(lesson.finding(image.line, message, fix))

        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", image.target, re.I):
            add(
                f"image chargée depuis un autre site ou schéma : {image.target}",
                "enregistrez la figure dans img/ à côté de la leçon et visez-la par un chemin relatif",
            )
            continue
        if not is_french_alt(image.alt):
            add(
                "texte alternatif absent ou trop court",
                "décrivez en français ce que montre l’image, en une ou deux phrases",
            )
        file = (folder / image.target).resolve()
        if not file.is_file():
            add(f"image introuvable : {image.target}", "corrigez le chemin ou ajoutez le fichier")
            continue
        if file.parent != (folder / "img").resolve() or not file.name.startswith(stem + "-"):
            add(
                f"la figure {image.target} n’est pas rangée comme une figure de cette leçon",
                f"placez-la dans img/ sous le nom {stem}-<sujet>.svg",
            )
        if file.suffix == ".svg":
            problems += svg_findings(file, image.target)
        elif file.suffix == ".png":
            if not file.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
                add(f"{image.target} n’est pas un vrai fichier PNG", "exportez l’image en PNG")
        else:
            add(f"format {file.suffix or 'inconnu'} refusé pour {image.target}", "utilisez un SVG (schéma) ou un PNG")
        if file.stat().st_size > MAX_FIGURE_BYTES:
            add(
                f"{image.target} pèse {file.stat().st_size // 1000} ko",
                f"allégez-la sous {MAX_FIGURE_BYTES // 1000} ko (page lue en 3G)",
            )
    return problems


# --- Numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*(?:[\u00a0\u202f ]?(?:%|Md€|M€|k€|€))?|%|€")


def numbers(prose: list[Prose] | tuple[Prose, ...]) -> list[tuple[int, str]]:
    return [(p.line, m.group().replace(NNBSP, " ").replace(NBSP, " ")) for p in prose for m in _NUMBER.finditer(p.text)]


def unsourced_numbers(lesson: LessonText) -> list[Finding]:
    """A lesson that states numbers must name its sources."""
    if lesson.sources:
        return []
    return [
        lesson.finding(
            line,
            f"nombre « {number} » sans aucune source dans l’en-tête",
            "ajoutez sous sources: la source de ce chiffre (faits.md ou article de présentation du plan)",
        )
        for line, number in numbers(lesson.prose)
    ]


# --- French typography and wording --------------------------------------------------------------


@dataclass(frozen=True)
class WordRule:
    pattern: re.Pattern[str]
    message: str
    fix: str
    in_brackets: bool


@cache
def word_rules() -> tuple[WordRule, ...]:
    rules = yaml.safe_load(ERROR_RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        WordRule(re.compile(r["pattern"], re.I), r["message"], r["fix"], bool(r.get("in_brackets"))) for r in rules
    )


def _bracketed(text: str, index: int) -> bool:
    return text.rfind("(", 0, index) > text.rfind(")", 0, index)


def typography(text: str) -> list[tuple[str, str]]:
    """(message, fix) for each typographic or wording error of one prose string."""
    found: list[tuple[str, str]] = []
    if '"' in text:
        found.append(
            (
                'guillemets droits " dans le texte',
                "écrivez « … » avec des espaces insécables (ou “…” pour une citation dans une citation)",
            )
        )
    if re.search(r"(?<=\w)'(?=\w)", text):
        found.append(("apostrophe droite ' dans le texte", "écrivez l’apostrophe typographique ’"))
    for match in re.finditer(r"[:;!?]", text):
        index, mark = match.start(), match.group()
        before = text[index - 1] if index else ""
        if not before.strip() and not before or before in NO_BREAK or before in "!?":
            continue  # start of the line, a no-break space, or the second mark of « ?! »
        if mark == ":" and before.isdigit() and text[index + 1 : index + 2].isdigit():
            continue  # a time or a ratio: 10:30, 16:9
        if before == " ":
            found.append(
                (
                    f"espace ordinaire avant « {mark} »",
                    f"remplacez-la par une espace insécable (U+00A0) : « mot{NBSP}{mark} »",
                )
            )
        else:
            found.append(
                (
                    f"espace insécable manquante avant « {mark} »",
                    f"écrivez « mot{NBSP}{mark} » (espace insécable U+00A0)",
                )
            )
    for match in re.finditer("«", text):
        after = text[match.end() : match.end() + 1]
        if after and after not in NO_BREAK:
            found.append(("pas d’espace insécable après le guillemet ouvrant", f"écrivez «{NBSP}texte{NBSP}»"))
    for match in re.finditer("»", text):
        before = text[match.start() - 1 : match.start()]
        if before and before not in NO_BREAK:
            found.append(("pas d’espace insécable avant le guillemet fermant", f"écrivez «{NBSP}texte{NBSP}»"))
    for match in re.finditer(r"\d(?:( ?)(%|€|M€|Md€))", text):
        found.append(
            (
                f"espace {'ordinaire' if match.group(1) else 'absente'} entre le nombre et « {match.group(2)} »",
                f"écrivez « 50{NBSP}{match.group(2)} » (espace insécable)",
            )
        )
    if re.search(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?!\d)", text):
        found.append(
            ("espace ordinaire dans un nombre", f"séparez les milliers par une espace insécable : « 5{NBSP}000 »")
        )
    for rule in word_rules():
        for match in rule.pattern.finditer(text):
            if rule.in_brackets or not _bracketed(text, match.start()):
                found.append((f"{rule.message} (« {match.group().strip()} »)", rule.fix))
    return found


def typography_findings(lesson: LessonText, svg_texts: dict[str, list[str]] | None = None) -> list[Finding]:
    """French typography of a lesson's prose and figures; a lesson in another language (`lang`) is not checked."""
    if lesson.front.get("lang", "fr") != "fr":
        return []
    found = [lesson.finding(p.line, message, fix) for p in lesson.prose for message, fix in typography(p.text)]
    for shown, texts in (svg_texts or {}).items():
        found += [
            Finding(shown, 1, f"{message} (texte de la figure : « {text} »)", fix)
            for text in texts
            for message, fix in typography(text)
        ]
    return found


# --- Honest durations ---------------------------------------------------------------------------


def word_count(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


def reading_minutes(lesson: LessonText) -> float:
    """Minutes to read the lesson at 200 words a minute: header, body, quiz questions, choices and
    explanations; not the alt texts (read only by screen readers) nor each choice's feedback."""
    words = sum(word_count(p.text) for p in lesson.prose if p.kind != "feedback")
    return (words - sum(word_count(image.alt) for image in images(lesson))) / WORDS_PER_MINUTE


_NUMBER_WORDS = {
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "dix": 10,
    "quinze": 15,
    "vingt": 20,
}
_COUNT = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_EXERCISE_HEADING = re.compile(r"^## .*(?:à vous de jouer|essayez|exercice)", re.I)
_LABELLED_TIME = re.compile(r"\*\*([^*]*?)\(" + _COUNT + r" minutes?\)[^*]*\*\*", re.I)
_SENTENCE_TIME = re.compile(r"^(?:Prenez\s+)?" + _COUNT + r"\s+minutes?\b", re.I | re.M)


def _minutes(count: str) -> int:
    return int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()]


def exercise_minutes(lesson: LessonText) -> int:
    """The time the exercise section announces: « **Exercice 1 (3 minutes).** » labels added up (the
    longest of « **Option 1 (5 minutes)** », « **Option 2 (3 minutes)** »), « Prenez cinq minutes. »
    at the start of a line; 5 minutes when it announces none."""
    section: list[str] = []
    inside = False
    for raw in lesson.body.split("\n"):
        if raw.startswith("## "):
            inside = bool(_EXERCISE_HEADING.match(raw))
        elif inside and not raw.startswith((" ", "\t")):  # the hidden solution, indented, is not the task
            section.append(raw)
    if not section:
        return 0
    text = "\n".join(section)
    labelled = [(label.strip().lower().startswith("option"), _minutes(n)) for label, n in _LABELLED_TIME.findall(text)]
    total = sum(m for option, m in labelled if not option) + max((m for option, m in labelled if option), default=0)
    total += sum(_minutes(n) for n in _SENTENCE_TIME.findall(text))
    return total or 5


def question_count(lesson: LessonText) -> int:
    return len({p.line for p in lesson.prose if p.kind == "question"})


def code_cells(lesson: LessonText) -> int:
    """Fenced code blocks other than quizzes: a notebook's code cells."""
    return sum(
        1
        for match in (_FENCE.match(raw) for raw in lesson.body.split("\n"))
        if match and match.group(2) and match.group(2) != "quiz"
    )


def duration_findings(lesson: LessonText) -> list[Finding]:
    """An honest duration: reading at 200 words a minute, plus the exercise, plus half a minute to
    answer each quiz question (its text is already counted as reading), plus 2.5 minutes for each
    code cell, give or take 2 minutes (a tenth for a lesson of more than 20 minutes)."""
    estimate = (
        reading_minutes(lesson)
        + exercise_minutes(lesson)
        + 0.5 * question_count(lesson)
        + CODE_CELL_MINUTES * code_cells(lesson)
    )
    duration = int(lesson.front.get("duration") or 0)
    if abs(duration - estimate) <= max(DURATION_SLACK, estimate / 10):
        return []
    return [
        lesson.finding(
            lesson.duration_line,
            f"durée annoncée {duration} min, estimée à {estimate:.0f} min "
            f"(lecture {reading_minutes(lesson):.1f} min à {WORDS_PER_MINUTE} mots par minute, "
            f"exercice {exercise_minutes(lesson)} min, {question_count(lesson)} questions, "
            f"{code_cells(lesson)} cellules de code)",
            f"mettez duration: {round(estimate)}",
        )
    ]


# --- The real content ------------------------------------------------------------------------------


@cache
def real_catalogue():
    catalogue, problems = load_catalogue(ROOT)
    return catalogue, problems


@cache
def real_lessons() -> tuple[LessonText, ...]:
    catalogue, _ = real_catalogue()
    return tuple(
        read_lesson((ROOT / lesson.display_path).read_text(encoding="utf-8"), lesson.display_path)
        for lesson in sorted(catalogue.lessons.values(), key=lambda lesson: lesson.display_path)
    )


def folder_of(lesson: LessonText) -> Path:
    return (ROOT / lesson.path).parent


def report(findings: list[Finding]) -> str:
    return f"{len(findings)} problème(s) :\n" + "\n".join(str(f) for f in findings)


# --- 1. The curriculum ------------------------------------------------------------------------------


def test_at_least_30_lessons_each_in_a_track_or_a_sector_path_all_of_2_to_6_hours():
    result = run_academie("check")
    assert result.returncode == 0, result.stderr
    assert "avertissement" not in result.stdout + result.stderr, result.stdout + result.stderr
    catalogue, _ = real_catalogue()
    assert len(catalogue.lessons) >= 30
    in_tracks = {lesson.id for track in catalogue.tracks for lesson in catalogue.track_lessons(track)}
    # A trade's own lesson is followed through its sector path, computed from the base track and its tags.
    paths = [catalogue.sector_track(path.id) for path in catalogue.sector_paths]
    in_paths = {lesson.id for track in paths for lesson in catalogue.track_lessons(track)}
    assert sorted(set(catalogue.lessons) - in_tracks - in_paths) == []
    hours = {track.id: catalogue.track_duration(track) / 60 for track in [*catalogue.tracks, *paths]}
    assert hours and all(2 <= h <= 6 for h in hours.values()), hours


def test_tpe_lessons_last_10_to_20_minutes_as_the_track_promises():
    """The TPE summary promises 10–20 minute lessons; its notebooks are announced apart, as hands-on work."""
    catalogue, _ = real_catalogue()
    track = catalogue.track("tpe")
    assert "10 à 20 minutes" in track.summary and "travaux pratiques" in track.summary
    outside = {
        lesson.id: lesson.duration
        for lesson in catalogue.track_lessons(track)
        if lesson.notebook is None and not 10 <= lesson.duration <= 20
    }
    assert outside == {}


# --- 2. The shape of each lesson --------------------------------------------------------------------


def test_every_lesson_has_4_explained_questions_2_to_5_objectives_and_a_source():
    catalogue, _ = real_catalogue()
    problems = []
    for lesson in catalogue.lessons.values():
        if len(lesson.questions) < 4:
            problems.append(
                f"{lesson.display_path}: {len(lesson.questions)} question(s) de quiz — il en faut au moins 4"
            )
        problems += [
            f"{lesson.display_path}:{q.line}: question sans explication — ajoutez explanation:"
            for q in lesson.questions
            if not q.explanation.strip()
        ]
        if not 2 <= len(lesson.meta.objectives) <= 5:
            problems.append(f"{lesson.display_path}: {len(lesson.meta.objectives)} objectifs — il en faut de 2 à 5")
        if not [s for s in lesson.meta.sources if s.strip()]:
            problems.append(
                f"{lesson.display_path}: aucune source — ajoutez sources: (faits.md, article de présentation)"
            )
    assert problems == [], "\n".join(problems)


def timed_lesson(duration: int, words: int, exercise: str) -> str:
    quiz = "".join(
        f'- question: "Question {n}{NBSP}?"\n  type: "truefalse"\n  answer: true\n  explanation: "Oui."\n'
        for n in range(4)
    )
    return (
        f'---\nid: "essai"\ntitle: "Essai"\ndescription: "Essai."\nduration: {duration}\n'
        'objectives: ["Lire.", "Faire."]\nsources: ["faits.md"]\n---\n\n## L’idée\n\n'
        + "mot "
        * words
        + f'\n\n## À vous de jouer\n\n{exercise}\n\n??? success "Voir une solution"\n    Prenez dix minutes.\n\n'
        f"## Vérifiez vos acquis\n\n```quiz\n{quiz}```\n"
    )


@pytest.mark.parametrize(
    ("duration", "exercise", "honest"),
    [
        (17, "**Exercice (8 minutes).** Faites-le.", True),  # 1 000 words = 5 min, + 8 min, + 4 × 0.5 min = about 15
        (10, "**Exercice (8 minutes).** Faites-le.", False),  # the exercise is forgotten
        (30, "**Exercice (8 minutes).** Faites-le.", False),  # padded
        (13, "Prenez cinq minutes.", True),
        (15, "**Option 1 (8 minutes).** Ou **Option 2 (3 minutes).**", True),  # the longest option counts
    ],
)
def test_a_duration_is_honest_within_two_minutes(duration, exercise, honest):
    lesson = read_lesson(timed_lesson(duration, 1000, exercise), "content/essai/essai.md")
    findings = [str(f) for f in duration_findings(lesson)]
    assert (findings == []) is honest, findings
    assert all(f.startswith("content/essai/essai.md:5: durée annoncée") for f in findings)


def test_durations_are_honest():
    findings = [f for lesson in real_lessons() for f in duration_findings(lesson)]
    assert findings == [], report(findings)


# --- 3. Sourced numbers -----------------------------------------------------------------------

SAMPLE_UNSOURCED = """\
---
id: "essai"
title: "Leçon d’essai"
description: "Essai."
objectives: ["Citer un chiffre.", "Repérer une source."]
updated: 2026-11-26
duration: 5
---

## Le plan

Le plan vise la moitié des TPE d’ici 2030, voir [la page](https://example.org/2025/plan?id=7) et `code 42`.

```quiz
- question: "Quel objectif ?"
  type: "single"
  choices: ["Moitié des TPE", "Toutes"]
  answer: "Moitié des TPE"
  explanation: "L’objectif est de 50\u00a0%."
```
"""


def test_the_number_inventory_skips_code_urls_and_ids_but_reads_quizzes():
    lesson = read_lesson(SAMPLE_UNSOURCED, "content/essai/essai.md")
    assert numbers(lesson.prose) == [(12, "2030"), (19, "50 %")]


def test_a_lesson_with_a_number_and_no_sources_is_flagged():
    lesson = read_lesson(SAMPLE_UNSOURCED, "content/essai/essai.md")
    flagged = [str(f) for f in unsourced_numbers(lesson)]
    assert flagged[0].startswith(f"content/essai/essai.md:12: nombre «{NBSP}2030{NBSP}» sans aucune source")
    sourced = read_lesson(
        SAMPLE_UNSOURCED.replace("duration: 5", 'duration: 5\nsources: ["faits.md"]'), "content/essai/essai.md"
    )
    assert unsourced_numbers(sourced) == []


def test_every_lesson_that_states_numbers_names_its_sources():
    inventory = {lesson.path: numbers(lesson.prose) for lesson in real_lessons()}
    assert sum(map(len, inventory.values())) > 100  # the inventory really reads the lessons
    findings = [f for lesson in real_lessons() for f in unsourced_numbers(lesson)]
    assert findings == [], report(findings)


# --- 4. Figures --------------------------------------------------------------------------------------


def test_a_remote_image_a_missing_alt_and_a_scripted_svg_are_flagged(tmp_path: Path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "essai-schema.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<script>alert(1)</script><image xlink:href="https://example.org/a.png"/>'
        '<rect style="fill: url(https://example.org/f.svg)"/></svg>',
        encoding="utf-8",
    )
    text = SAMPLE_UNSOURCED.replace(
        "## Le plan",
        "## Le plan\n\n![](img/essai-schema.svg)\n\n![Un graphique des usages de l’IA](https://example.org/g.png)",
    )
    findings = [f"{f.message} — {f.fix}" for f in image_findings(read_lesson(text, "content/essai/essai.md"), tmp_path)]
    assert any(f.startswith("image chargée depuis un autre site") for f in findings), findings
    assert any(f.startswith("texte alternatif absent") for f in findings), findings
    assert any(f.startswith("élément <script> interdit") for f in findings), findings
    assert any("https://example.org/a.png" in f for f in findings), findings
    assert any(f.startswith("url() externe") for f in findings), findings


def test_every_image_is_a_local_figure_of_the_project_with_a_french_alt_text():
    findings = [f for lesson in real_lessons() for f in image_findings(lesson, folder_of(lesson))]
    assert findings == [], report(findings)


def test_every_module_of_every_track_shows_a_figure():
    catalogue, _ = real_catalogue()
    by_id = {lesson.front["id"]: lesson for lesson in real_lessons()}
    missing = []
    for track in catalogue.tracks:
        for module in track.modules:
            shown = [
                image
                for lesson_id in module.lessons
                if lesson_id in by_id
                for image in images(by_id[lesson_id])
                if is_french_alt(image.alt)
            ]
            if not shown:
                missing.append(
                    f"parcours {track.id}, module « {module.title} » : aucune figure — ajoutez un schéma (SVG) avec un texte alternatif à l’une de ses leçons"
                )
    assert missing == [], "\n".join(missing)


def test_no_figure_file_is_left_unused():
    used = {path for lesson in real_lessons() for path in lesson_figures(lesson, folder_of(lesson))}
    themes = {folder_of(lesson) for lesson in real_lessons()}
    unused = sorted(
        str(p.relative_to(ROOT)) for theme in themes for p in (theme / "img").glob("*") if p.resolve() not in used
    )
    assert unused == [], "figures qu’aucune leçon n’affiche (supprimez-les ou affichez-les) :\n" + "\n".join(unused)


# --- 5. French typography and wording ------------------------------------------------------------

GOOD_SAMPLE = (
    f'---\nid: "bon"\ntitle: "Le plan «{NBSP}Osez l’IA{NBSP}»"\ndescription: "Court."\nobjectives: ["Citer.", "Lire."]\n'
    'updated: 2026-11-26\nduration: 5\nsources: ["faits.md"]\n---\n\n'
    f"## Pourquoi{NBSP}?\n\n"
    f"Rendez-vous à 10:30, sur [le site](https://www.economie.gouv.fr/osez?page=1&x=2){NBSP}: c’est dit{NNBSP}!\n\n"
    f'Source{NBSP}: usine-digitale.fr, 04/2020. Une requête (prompt) vaut mieux{NBSP}; voyez `a:b "c"` :-)\n\n'
    f'!!! note "À retenir{NBSP}: ceci"\n    Vraiment{NBSP}?!\n\n'
    f'??? success "Voir une solution"\n    50{NBSP}% des TPE, 5{NBSP}000 diagnostics, 200{NBSP}M€.\n\n'
    f'![Un schéma qui montre les trois axes du plan](img/bon-axes.svg "Les axes")\n\n'
    '```text\nVous: "bonjour" ; OK ? 10%\n```\n\n'
    '```quiz\n- question: "Vrai ou faux\u00a0?"\n  type: "truefalse"\n  answer: true\n'
    f"  explanation: 'On l’a dit{NBSP}: «{NBSP}oui{NBSP}».'\n```\n"
)


def test_correct_french_passes_the_checker():
    lesson = read_lesson(GOOD_SAMPLE, "content/essai/bon.md")
    assert typography_findings(lesson) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('Il a dit "bonjour".', "guillemets droits"),
        ("C'est simple.", "apostrophe droite"),
        ("Attention: danger.", "espace insécable manquante avant « : »"),
        ("Attention : danger.", "espace ordinaire avant « : »"),
        ("Vraiment ?", "espace ordinaire avant « ? »"),
        ("Oui; non.", "espace insécable manquante avant « ; »"),
        (f"Le plan «{NBSP}Osez l’IA».", "pas d’espace insécable avant le guillemet fermant"),
        (f"Le plan « Osez l’IA{NBSP}».", "pas d’espace insécable après le guillemet ouvrant"),
        ("Un taux de 40%.", "espace absente entre le nombre et « % »"),
        ("Près de 5 000 diagnostics.", "espace ordinaire dans un nombre"),
        ("La transformation digitale des TPE.", "« digital » est un anglicisme"),
        ("Cela va impacter vos ventes.", "« impacter » est un anglicisme"),
        ("Un process clair.", "« process » est un anglicisme"),
        ("Fixez une deadline.", "« deadline » est un anglicisme"),
        ("Checkez la réponse.", "« checker » est un anglicisme"),
        ("Malgré qu’il pleuve.", "« malgré que » est fautif"),
        ("Au final, tout va bien.", "« au final » est familier"),
        ("Pour pallier à ce manque.", "« pallier » est transitif direct"),
        ("Il faut se rappeler de la règle.", "« se rappeler » est transitif direct"),
        ("Solutionner un problème.", "« solutionner » est un barbarisme"),
        ("Quelque soit la taille.", "« quelque soit » s’écrit en deux mots"),
        ("La mise en oeuvre.", "le « o » et le « e » sont liés"),
        ("La 2ème étape.", "abréviation d’ordinal incorrecte"),
        ("Etape suivante.", "majuscule sans accent"),
        (f"A partir de demain{NBSP}!", "« A » en début de phrase"),
    ],
)
def test_the_checker_flags_each_kind_of_error(line, expected):
    text = GOOD_SAMPLE.replace("## Pourquoi", f"{line}\n\n## Pourquoi")
    findings = [str(f).replace(NBSP, " ") for f in typography_findings(read_lesson(text, "content/essai/bon.md"))]
    assert len(findings) == 1 and findings[0].startswith(f"content/essai/bon.md:11: {expected}"), findings
    assert " — " in findings[0]


def test_the_checker_reads_quizzes_front_matter_admonition_titles_and_figures():
    text = (
        GOOD_SAMPLE.replace("Vrai ou faux\u00a0?", "Vrai ou faux ?")
        .replace(f"«{NBSP}Osez l’IA{NBSP}»", "«Osez l’IA»")
        .replace("À retenir\u00a0: ceci", "À retenir: ceci")
    )
    lines = sorted(f.line for f in typography_findings(read_lesson(text, "content/essai/bon.md")))
    assert lines == [3, 3, 17, 30], lines
    figure = typography_findings(
        read_lesson(GOOD_SAMPLE, "content/essai/bon.md"), {"img/bon-axes.svg": ["Diagnostic: 10 jours"]}
    )
    assert [f.path for f in figure] == ["img/bon-axes.svg"]


def test_a_lesson_in_another_language_is_not_held_to_french_typography():
    text = GOOD_SAMPLE.replace("---\n\n", 'lang: "en"\n---\n\nThe "quotes" and the colon: in English.\n\n', 1)
    assert typography_findings(read_lesson(text, "content/essai/english.md")) == []
    assert typography_findings(read_lesson(text.replace('lang: "en"\n', ""), "content/essai/english.md")) != []


def test_a_finding_in_a_notebook_names_its_cell():
    front = GOOD_SAMPLE.split("\n\n## Pourquoi")[0].strip() + "\n"
    cells = [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": front},
        {
            "cell_type": "code",
            "id": "b",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": 'print("ok")',
        },
        {"cell_type": "markdown", "id": "c", "metadata": {}, "source": "## Texte\n\nUn taux de 40 %."},
    ]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    findings = [str(f) for f in typography_findings(read_lesson(notebook, "content/carnets/essai.ipynb"))]
    assert findings == [
        f"content/carnets/essai.ipynb: cellule 3{NBSP}: espace ordinaire entre le nombre et "
        f"«{NBSP}%{NBSP}» — écrivez «{NBSP}50{NBSP}%{NBSP}» (espace insécable)"
    ], findings


def test_all_lessons_and_figures_are_in_good_french():
    findings = []
    for lesson in real_lessons():
        figures = {
            str(p.relative_to(ROOT)): svg_prose(p)
            for p in lesson_figures(lesson, folder_of(lesson))
            if p.suffix == ".svg" and p.is_file()
        }
        findings += typography_findings(lesson, figures)
    assert findings == [], report(sorted(set(findings), key=lambda f: (f.path, f.line)))


# --- The number inventory, for reviewers --------------------------------------------------------


def print_inventory() -> None:
    """Every number of every lesson and of its figures, in context, for a reviewer to compare with faits.md."""
    for lesson in real_lessons():
        print(f"\n{lesson.path} ({len(lesson.sources)} source(s))")
        for prose in lesson.prose:
            for match in _NUMBER.finditer(prose.text):
                context = prose.text[max(0, match.start() - 50) : match.end() + 30].replace(NBSP, " ").strip()
                print(f"  {prose.line}: {match.group().replace(NBSP, ' ')}  … {context} …")
        for figure in lesson_figures(lesson, folder_of(lesson)):
            for text in svg_prose(figure) if figure.suffix == ".svg" and figure.is_file() else []:
                for _line, number in numbers([Prose(0, text)]):
                    print(f"  {figure.name}: {number}  … {text.replace(NBSP, ' ')[:80]} …")


if __name__ == "__main__":
    print_inventory()

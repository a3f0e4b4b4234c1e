"""What a learner reads in a lesson, as paragraphs of plain text with their file lines.

Used by the French check (`academie.content.grammar`). Prose is: the front matter's title,
description and objectives; the body's text with Markdown syntax, code, URLs, link targets and
HTML tags taken out; and the French values of quiz and practice blocks (questions, choices,
feedback, explanations, situations, requests, scripted answers), never their keys.

A list item keeps its bullet (« – ») or number (« 2. »): in French an item may go on the sentence
that introduces the list, in small letters. The segments of a ```reperer block make one text, read
as a whole. A web address, a site name (`cnil.fr`, « le site cnil.fr ») or an e-mail address reads
as a neutral word; an editorial bracket inside a word (« perçu[s] ») is read as the word it makes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w-]*)")
# The YAML blocks whose values learners read, and the keys whose values are French prose.
PROSE_BLOCKS = {"quiz", "atelier", "reperer"}
PROSE_KEYS = "question|text|feedback|explanation|situation|answer|label|title|instructions|base|description|objectives"
YAML_VALUE = re.compile(r"^\s*(?:-\s+)?(?:(?P<key>[a-z_]+):\s*)?(?P<value>.*)$")
LIST_ITEM = re.compile(r"^\s*-\s+(?P<value>.*)$")
ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>[^"]*)")?\s*$')
# A web address ends before the punctuation that follows it.
URL_END = r"[^\s<>()«»]*[^\s<>()«».,;:!?]"
INLINE: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"`+[^`]*`+"), "code"),  # inline code reads as a neutral word
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"(?<=\w)\[(\w{1,4})\]"), r"\1"),  # an editorial bracket: « perçu[s] » reads « perçus »
    (re.compile(r"<(?:https?|mailto):[^>]*>"), ""),
    (re.compile(r"</?[a-zA-Z][^>]*>"), ""),  # HTML tags
    (re.compile(rf"(?:https?://|mailto:|www\.){URL_END}"), ""),
    (re.compile(r"[\w.+-]+@(?:[\w-]+(?:\.[\w-]+)+|…)"), "adresse"),  # an e-mail address, whole or cut (« jm@… »)
    # A site name reads « site », once: « le site cnil.fr » is « le site », not « le site site ».
    (
        re.compile(
            r"(?:\b(?P<site>[Ss]ite)\s+)?\b[\w-]+(?:\.[\w-]+)*\.(?:gouv\.fr|fr|com|org|net|eu|info|io|ai|example)\b"
            rf"(?:/{URL_END})?"
        ),
        lambda m: m.group("site") or "site",
    ),
    (re.compile(r"\{[:#.][^}]*\}"), ""),  # attribute lists
    (re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])"), ""),  # emoji shortcodes
    (re.compile(r"\*+|~~|(?<!\w)_+|_+(?!\w)"), ""),  # emphasis
)
BLOCK_MARKERS = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
LIST_MARKER = re.compile(r"([-*+]|\d+[.)])\s+$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Paragraph:
    """Plain text made of pieces, each from one file line; `line_at` maps a character back to its line."""

    pieces: list[tuple[int, str]] = field(default_factory=list)
    joiner: str = " "  # between pieces: a space between lines, nothing between the segments of a text

    @property
    def text(self) -> str:
        return self.joiner.join(text for _, text in self.pieces)

    def line_at(self, offset: int) -> int:
        position = 0
        for line, text in self.pieces:
            position += len(text) + len(self.joiner)
            if offset < position:
                return line
        return self.pieces[-1][0]


def plain(text: str) -> str:
    """A line of Markdown reduced to what the reader reads."""
    text = re.sub(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);", lambda m: html.unescape(m.group()), text)
    for pattern, replacement in INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].replace('\\"', '"')
    return value


def _segment(value: str) -> str:
    """A segment of a ```reperer text, plain, with the spaces that join it to its neighbours."""
    value = unquote(value)
    lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
    return lead + plain(value) + trail if value.strip() else value


def _block_prose(lines: list[str], first_line: int) -> list[Paragraph]:
    """The French values of a YAML block, one paragraph each (a `|` scalar: one per text paragraph;
    the `text` of a ```reperer block's segments: one paragraph, the segments joined as the page shows them)."""
    paragraphs: list[Paragraph] = []
    scalar_indent: int | None = None
    in_prose_list = False
    segments_indent: int | None = None  # the indentation of `segments:` while reading its items
    segments = Paragraph(joiner="")
    for offset, raw in enumerate(lines):
        number = first_line + offset
        indent = len(raw) - len(raw.lstrip())
        if segments_indent is not None and raw.strip():
            in_list = indent > segments_indent or (indent == segments_indent and raw.lstrip().startswith("- "))
            if not in_list:
                segments_indent = None
            elif (match := YAML_VALUE.match(raw)) and match.group("key") == "text":
                segments.pieces.append((number, _segment(match.group("value").strip())))
                continue
        if scalar_indent is not None:
            if not raw.strip():
                paragraphs.append(Paragraph())
                continue
            if indent >= scalar_indent:
                paragraphs[-1].pieces.append((number, plain(raw.strip())))
                continue
            scalar_indent = None
        match = YAML_VALUE.match(raw)
        if not match or not raw.strip():
            continue
        key, value = match.group("key"), match.group("value").strip()
        if key == "segments" and value == "":
            segments_indent = indent
            paragraphs.append(segments)
            continue
        if key is None:
            item = LIST_ITEM.match(raw)
            if in_prose_list and item and not item.group("value").startswith(("{", "[")):
                paragraphs.append(Paragraph([(number, plain(unquote(item.group("value"))))]))
            continue
        in_prose_list = re.fullmatch(PROSE_KEYS, key) is not None and value == ""
        if not re.fullmatch(PROSE_KEYS, key) or value.startswith(("[", "{")) or value in ("true", "false"):
            continue
        if value in ("|", ">", "|-", ">-"):
            scalar_indent = indent + 1
            paragraphs.append(Paragraph())
        elif value:
            paragraphs.append(Paragraph([(number, plain(unquote(value)))]))
    return [p for p in paragraphs if p.pieces and p.text.strip()]


def body_paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """The prose of a Markdown body, paragraph by paragraph (blank lines, headings and list items split them)."""
    paragraphs: list[Paragraph] = []
    current = Paragraph()
    fence: str | None = None
    block_kind = ""
    block: list[str] = []
    block_start = 0

    def close() -> None:
        nonlocal current
        if current.pieces:
            paragraphs.append(current)
        current = Paragraph()

    for offset, raw in enumerate(body.split("\n")):
        number = first_line + offset
        if fence:
            if raw.strip() == fence:
                if block_kind in PROSE_BLOCKS:
                    paragraphs.extend(_block_prose(block, block_start))
                fence = None
            else:
                block.append(raw)
            continue
        if match := FENCE.match(raw):
            close()
            fence, block_kind, block, block_start = match.group(1), match.group(2), [], number + 1
            continue
        if not raw.strip() or TABLE_RULE.match(raw):
            close()
            continue
        if admonition := ADMONITION.match(raw):
            close()
            if admonition.group("title"):
                paragraphs.append(Paragraph([(number, plain(admonition.group("title")))]))
            continue
        marker = BLOCK_MARKERS.match(raw).group()  # type: ignore[union-attr]  # the pattern matches every line
        if marker.strip():
            close()
        if "|" in raw.strip()[:1]:  # a table row: each cell its own paragraph
            close()
            for cell in raw.strip().strip("|").split("|"):
                if text := plain(cell):
                    paragraphs.append(Paragraph([(number, text)]))
            continue
        text = plain(raw[len(marker) :])
        if text and (item := LIST_MARKER.search(marker)):
            text = ("– " if item.group(1) in "-*+" else item.group(1) + " ") + text
        if text:
            current.pieces.append((number, text))
    close()
    return paragraphs

"""Blocks written for other tools, as the site's own boxes (Material admonitions).

Pandoc and the Carpentries write fenced divs (`::: challenge` … `:::`, or `::::: {.solution}`,
nested); MyST (Jupyter Book, notebooks) writes `:::{note}` and ```` ```{admonition} Titre ````.
`convert` turns them into `!!! type "Titre"` boxes (solutions and hints folded: `???`), keeps
one output element per input line (so checks still point at the author's lines), drops the
instructor notes from a learner's text and hands them apart, for the trainers' workshop scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# kind → (Material admonition type, French title, folded)
KINDS: dict[str, tuple[str, str, bool]] = {
    # Carpentries (sandpaper) and pandoc
    "challenge": ("example", "Exercice", False),
    "exercise": ("example", "Exercice", False),
    "solution": ("success", "Solution", True),
    "hint": ("tip", "Indice", True),
    "callout": ("note", "À noter", False),
    "objectives": ("abstract", "Objectifs", False),
    "questions": ("question", "Questions", False),
    "keypoints": ("abstract", "À retenir", False),
    "prereq": ("info", "Prérequis", False),
    "discussion": ("question", "Discussion", False),
    "testimonial": ("quote", "Témoignage", False),
    "checklist": ("note", "Liste de contrôle", False),
    "spoiler": ("info", "Pour en savoir plus", True),
    "caution": ("warning", "Attention", False),
    # MyST admonitions
    "note": ("note", "Remarque", False),
    "tip": ("tip", "Astuce", False),
    "important": ("warning", "Important", False),
    "warning": ("warning", "Attention", False),
    "attention": ("warning", "Attention", False),
    "danger": ("danger", "Danger", False),
    "error": ("failure", "Erreur", False),
    "seealso": ("info", "Voir aussi", False),
    "admonition": ("note", "Remarque", False),
    "dropdown": ("note", "Détails", True),
    # Quarto callouts
    "callout-note": ("note", "Remarque", False),
    "callout-tip": ("tip", "Astuce", False),
    "callout-important": ("warning", "Important", False),
    "callout-warning": ("warning", "Attention", False),
    "callout-caution": ("warning", "Attention", False),
}
INSTRUCTOR = "instructor"
INSTRUCTOR_TITLE = "Note pour l’animateur"
KNOWN = (*KINDS, INSTRUCTOR)
# The Carpentries' kinds, as `check` names them to authors.
CARPENTRIES = (
    "challenge",
    "solution",
    "hint",
    "callout",
    "instructor",
    "objectives",
    "questions",
    "keypoints",
    "prereq",
    "discussion",
    "testimonial",
)

Finding = tuple[int, str, str, str]  # (line, message, fix, "error" or "warning")

_COLONS = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>:{3,})[ \t]*(?P<rest>.*?)[ \t]*:*[ \t]*$")
_MYST = re.compile(r"^\{(?P<kind>[\w-]+)\}[ \t]*(?P<title>.*)$")
_CODE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:(?P<value>.*)$")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
_ATTRIBUTE_TITLE = re.compile(r"""title=(?:"([^"]*)"|'([^']*)')""")


@dataclass
class _Open:
    closing: re.Pattern[str]
    depth: int  # indentation level of its content (4 spaces each)
    line: int
    code: bool = False  # a code fence: its lines are copied as they are
    box: bool = False  # a Material box was opened for it
    head: int | None = None  # output index of the box's first line, while its first heading may still title it
    options: bool = False  # MyST options (« :class: dropdown ») may still follow
    note: list[str] | None = None  # an instructor note left out of a learner's text: its raw lines


@dataclass
class Converted:
    lines: list[str]  # one element per input line (an element may hold a line break)
    notes: list[str] = field(default_factory=list)  # instructor notes (Markdown, boxes converted), in order
    findings: list[Finding] = field(default_factory=list)  # warnings, with their input line

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines)


def _title(text: str) -> str:
    return text.strip().replace('"', "”")


def _open_div(line: str) -> tuple[str, str, bool] | None:
    """(kind, title, is it MyST) of a pandoc or MyST colon fence that opens a div; None otherwise."""
    match = _COLONS.match(line)
    if not match or not match.group("rest"):
        return None
    rest = match.group("rest")
    if myst := _MYST.match(rest):
        return myst.group("kind").lower(), myst.group("title"), True
    if rest.startswith("{"):
        classes = [c.lower() for c in re.findall(r"(?<![\w-])\.([\w-]+)", rest)]
        known = [c for c in classes if c in KNOWN]
        titled = _ATTRIBUTE_TITLE.search(rest)
        kind = known[0] if known else (classes[0] if classes else rest)
        return kind, (titled.group(1) or titled.group(2)) if titled else "", False
    word, _, title = rest.partition(" ")
    return word.lower(), title.strip(), False


_BARE_COLONS = re.compile(r"^[ \t]*:{3,}[ \t]*$")


def convert(markdown: str, first_line: int = 1, *, for_trainers: bool = False) -> Converted:
    """The text with its fenced divs and MyST admonitions as Material boxes.

    A learner's text loses its instructor notes (returned apart in `notes`); a trainer's keeps them
    as « Note pour l’animateur » boxes. `first_line` is the file line of the text's first line."""
    out: list[str] = []
    result = Converted(out)
    stack: list[_Open] = []
    note: list[str] | None = None  # the raw lines of the instructor note being left out

    def depth() -> int:
        return stack[-1].depth if stack else 0

    def open_box(kind: str, title: str, number: int, closing: re.Pattern[str], by_heading: bool) -> None:
        nonlocal note
        if note is not None:  # inside a left-out note: only its nesting matters
            stack.append(_Open(closing, depth(), number))
            out.append("")
            return
        if kind == INSTRUCTOR and not for_trainers:
            note = []
            stack.append(_Open(closing, depth(), number, note=note))
            out.append("")
            return
        if kind not in KNOWN:
            result.findings.append(
                (
                    number,
                    f"bloc « {kind} » inconnu : son contenu est affiché sans encadré",
                    "utilisez un bloc reconnu (" + ", ".join(CARPENTRIES) + " ; en MyST : note, tip, "
                    "warning, admonition…), voir docs/IMPORTER.md",
                    "warning",
                )
            )
            stack.append(_Open(closing, depth(), number))
            out.append("")
            return
        kind_type, default, folded = KINDS.get(kind, ("info", INSTRUCTOR_TITLE, False))
        separator = "\n" if out and out[-1].strip() else ""
        marker = "???" if folded else "!!!"
        out.append(f'{separator}{"    " * depth()}{marker} {kind_type} "{_title(title) or default}"')
        head = len(out) - 1 if by_heading and not title else None
        stack.append(_Open(closing, depth() + 1, number, box=True, head=head, options=not by_heading))

    def close_top() -> None:
        nonlocal note
        block = stack.pop()
        out.append("")
        if block.note is not None:
            text = "\n".join(block.note).strip("\n")
            note = None
            if text.strip():
                inner = convert(text, for_trainers=True)
                result.notes.append(inner.markdown)

    for offset, raw in enumerate(markdown.split("\n")):
        number = first_line + offset
        top = stack[-1] if stack else None
        if note is not None and not (top is not None and top.note is not None and top.closing.match(raw)):
            note.append(raw)
        if top is not None and top.code:
            if top.closing.match(raw):
                stack.pop()
            out.append("" if note is not None else _shift(raw, top.depth))
            continue
        if top is not None and top.options:
            option = _OPTION.match(raw)
            if option and note is None:
                _apply_option(out, raw, option.group("value"))
                out.append("")
                continue
            top.options = False
        if top is not None and top.closing.match(raw):
            close_top()
            continue
        opening = _open_div(raw)
        if opening is not None:
            kind, title, is_myst = opening
            open_box(kind, title, number, _BARE_COLONS, by_heading=not is_myst)
            continue
        code = _CODE.match(raw)
        if code is not None:
            fence, info = code.group("fence"), code.group("info").strip()
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            directive = _MYST.match(info)
            if directive and directive.group("kind").lower() in KNOWN:
                open_box(directive.group("kind").lower(), directive.group("title"), number, closing, by_heading=False)
                continue
            if stack and re.fullmatch(r"quiz\s*", info):
                result.findings.append(
                    (
                        number,
                        "bloc quiz placé dans un encadré (« ::: » ou directive MyST)",
                        "sortez le bloc ```quiz de l’encadré : un quiz se place au niveau du texte de la leçon",
                        "error",
                    )
                )
            if directive and note is None:
                result.findings.append(
                    (
                        number,
                        f"directive MyST « {directive.group('kind')} » non prise en charge : "
                        "son contenu est affiché comme du code",
                        "utilisez un encadré reconnu (note, tip, warning, admonition…) "
                        "ou du Markdown ordinaire, voir docs/IMPORTER.md",
                        "warning",
                    )
                )
            out.append("" if note is not None else _shift(raw, depth()))
            stack.append(_Open(closing, depth(), number, code=True))
            continue
        if note is not None:
            out.append("")
            continue
        if top is not None and top.head is not None and raw.strip():
            head, top.head = top.head, None
            if heading := _HEADING.match(raw):
                out[head] = re.sub(r'"[^"]*"$', lambda _: f'"{_title(heading.group("text"))}"', out[head])
                out.append("")
                continue
        out.append(_shift(raw, depth()))
    for block in stack:
        if not block.code:
            result.findings.append(
                (
                    block.line,
                    "bloc ouvert ici jamais fermé",
                    "ajoutez à la fin du bloc une ligne de deux-points « ::: » (ou la clôture ``` de la directive)",
                    "error",
                )
            )
    if note is not None and stack and (text := "\n".join(note).strip()):
        result.notes.append(convert(text, for_trainers=True).markdown)
    return result


def _apply_option(out: list[str], raw: str, value: str) -> None:
    """MyST options of an admonition: « :class: dropdown » folds it, « :class: tip » changes its type."""
    index = next((i for i in range(len(out) - 1, -1, -1) if re.search(r'(!!!|\?\?\?) \w+ "', out[i])), None)
    if index is None or not re.match(r"^[ \t]*:class:", raw):
        return
    for name in value.split():
        if name == "dropdown":
            out[index] = out[index].replace("!!!", "???", 1)
        elif name in KINDS:
            kind_type = KINDS[name][0]
            marker = re.match(r"\s*(!!!|\?\?\?) \w+", out[index])
            if marker:  # the box's kind becomes the one its class names
                out[index] = (
                    out[index][: marker.start(1)] + f"{marker.group(1)} {kind_type}" + out[index][marker.end() :]
                )


def _shift(line: str, depth: int) -> str:
    return ("    " * depth + line) if line.strip() and depth else line


def learner_markdown(markdown: str) -> str:
    """A learner's page: boxes converted, instructor notes left out."""
    if ":::" not in markdown and "{" not in markdown:
        return markdown
    return convert(markdown).markdown


def learner_lines(markdown: str) -> str:
    """A learner's text line for line with the original (for checks that report lines)."""
    return "\n".join(line.lstrip("\n") for line in convert(markdown).lines)


def instructor_notes(markdown: str) -> list[str]:
    """The instructor notes of a lesson, as Markdown (their inner boxes converted), in order."""
    if INSTRUCTOR not in markdown:
        return []
    return convert(markdown).notes


def block_findings(markdown: str, first_line: int) -> list[Finding]:
    """Warnings about the blocks of a text (unknown kinds, unclosed divs), at their lines."""
    if ":::" not in markdown and "```{" not in markdown and "~~~{" not in markdown:
        return []
    return convert(markdown, first_line).findings

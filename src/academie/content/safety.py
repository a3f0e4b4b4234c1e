"""What an author's text may not bring into the site, found before anything is built.

A lesson is text, images and quizzes: the quizzes and interactive pages come from the
project's own templates and assets. So a lesson (or a track) may not hold a raw
<script>, <iframe>, <object> or <embed>, an inline event handler (onerror=…), a
`javascript:` link, a path that leaves content/ (../../) or an image from another site,
and nothing under content/ may be a symbolic link to a file outside it (MkDocs follows
links and would publish what they point to). Code shown in a closed fenced block
(```…```) is text, not HTML, and is not checked.
"""

from __future__ import annotations

import bisect
import html
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from academie.content.problems import Problem

Finding = tuple[int, str, str]  # (1-based line in the text, message, fix)

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_FORBIDDEN_TAG = re.compile(r"<(script|iframe|object|embed)(?=[\s/>]|$)", re.I)
# A tag runs to the first > outside quotes: « <img alt="a>b" onerror=…> » is one tag.
_TAG = re.compile(r"""<[A-Za-z](?:"[^"]*"|'[^']*'|[^>])*""")
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_HANDLER = re.compile(r"(?<=[\s/\"'{])(on[a-z]+)\s*=", re.I)
_URL_ATTR = re.compile(
    r"(?<=[\s/\"'{])(href|src|srcset|poster|data|action|formaction|xlink:href|background)\s*=\s*"
    r"(\"[^\"]*\"|'[^']*'|[^\s\"'>]+)",
    re.I,
)
_MD_TARGET = re.compile(r"\]\(([^)]*)")
_MD_IMAGE_OPEN = re.compile(r"!\[[^\]\n]*\]\(")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(\S+)", re.M)
_IMAGE_TAGS = ("img", "source", "video", "audio", "input", "track")
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)

_CODE_FIX = "pour montrer ce code, mettez-le dans un bloc ``` ; dans le texte, écrivez &lt; au lieu de <"


def html_findings(text: str) -> list[Finding]:
    """Raw scripts, frames, event handlers and `javascript:` links in an author's text (a track, say)."""
    return _findings(text, None)


def lesson_findings(text: str, folder: str) -> list[Finding]:
    """Everything html_findings reports, plus images and links that leave content/ or load another site.
    `folder` is the lesson's folder inside content/ (POSIX, "" at the top)."""
    return _findings(text, folder)


def _findings(text: str, folder: str | None) -> list[Finding]:
    masked = _mask_fenced_code(text)
    lines = _LineIndex(masked)
    findings: list[Finding] = []
    for match in _FORBIDDEN_TAG.finditer(masked):
        tag = match.group(1).lower()
        findings.append(
            (
                lines.line(match.start()),
                f"balise <{tag}> interdite dans le texte d’une leçon ou d’un parcours",
                "retirez-la : les quiz et les outils interactifs viennent des modèles du site ; " + _CODE_FIX,
            )
        )
    for start, span in _attribute_spans(masked):
        for match in _HANDLER.finditer(span):
            findings.append(
                (
                    lines.line(start + match.start(1)),
                    f"attribut {match.group(1).lower()}= interdit (code JavaScript dans la page)",
                    "retirez cet attribut : une leçon n’exécute jamais de script",
                )
            )
    for offset, target, image in _targets(masked):
        scheme = _dangerous_scheme(target)
        if scheme:
            findings.append(
                (
                    lines.line(offset),
                    f"lien {scheme} interdit (il exécuterait du code)",
                    "remplacez-le par un lien vers une page (une autre leçon ou une adresse https://…)",
                )
            )
        elif folder is not None:
            findings += [(lines.line(offset), message, fix) for message, fix in _path_problems(target, image, folder)]
    return sorted(set(findings))


def _path_problems(target: str, image: bool, folder: str) -> list[tuple[str, str]]:
    path = _relative_path(target)
    if path is not None and _climbs_out(folder, path):
        if image:
            return [
                (
                    f"l’image « {path} » sort du dossier content/",
                    "placez l’image dans content/, par exemple dans le dossier img/ à côté de la leçon, et écrivez ![…](img/nom.svg)",
                )
            ]
        return [
            (
                f"le lien « {path} » sort du dossier content/",
                "liez une page de content/, ou une adresse complète https://…",
            )
        ]
    if image and _from_elsewhere(target):
        return [
            (
                f"image chargée depuis un autre site ({_first_token(target)[:80]})",
                "enregistrez l’image dans le dossier img/ à côté de la leçon (si sa licence le permet) : "
                "le site ne charge rien d’un autre site",
            )
        ]
    return []


def outside_links(content: Path, root: Path) -> tuple[list[Problem], set[Path]]:
    """Symbolic links under content/ that lead outside it, or nowhere; and those paths, never to be read."""
    inside = os.path.realpath(content)
    problems: list[Problem] = []
    refused: set[Path] = set()
    for folder, dirs, files in os.walk(content, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            written = os.readlink(path)
            shown = path.relative_to(root).as_posix()
            try:
                target = os.path.realpath(path, strict=True)
            except OSError:
                problems.append(
                    Problem(
                        shown,
                        None,
                        f"lien symbolique cassé ou en boucle (vers « {written} »)",
                        "supprimez ce lien, ou remplacez-le par le fichier lui-même",
                    )
                )
                refused.add(path)
                continue
            if os.path.commonpath([inside, target]) != inside:
                problems.append(
                    Problem(
                        shown,
                        None,
                        f"lien symbolique vers « {written} », hors du dossier content/",
                        "remplacez le lien par une copie du fichier dans content/, ou supprimez-le : "
                        "tout ce qu’il désigne serait publié sur le site",
                    )
                )
                refused.add(path)
    return problems, refused


class _LineIndex:
    """1-based line of an offset in a text, by bisection over its line ends."""

    def __init__(self, text: str):
        self._ends = [match.start() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._ends, offset) + 1


def _mask_fenced_code(text: str) -> str:
    """The text with every closed fenced block blanked out (same length, same lines).
    An unclosed fence is not code for Python-Markdown, so it stays checked."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((n for n in range(index + 1, len(lines)) if closing.match(lines[n])), None)
        if end is None:
            index += 1
            continue
        for n in range(index, end + 1):
            lines[n] = " " * len(lines[n])
        index = end + 1
    return "\n".join(lines)


def _attribute_spans(text: str) -> Iterator[tuple[int, str]]:
    """The inside of every HTML tag and of every attribute list { … } (attr_list can set any attribute)."""
    for pattern in (_TAG, _ATTR_LIST):
        for match in pattern.finditer(text):
            yield match.start(), match.group(0)


def _targets(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, URL as written, is it an image) for Markdown links and images, reference definitions and HTML attributes."""
    images = {match.end() for match in _MD_IMAGE_OPEN.finditer(text)}
    for match in _MD_TARGET.finditer(text):
        yield match.start(1), match.group(1), match.start(1) in images
    for match in _REFERENCE.finditer(text):
        yield match.start(1), match.group(1), False
    for start, span in _attribute_spans(text):
        tag = re.match(r"<([A-Za-z][A-Za-z0-9-]*)", span)
        for match in _URL_ATTR.finditer(span):
            name, value = match.group(1).lower(), html.unescape(match.group(2).strip("\"'"))
            image = tag is not None and tag.group(1).lower() in _IMAGE_TAGS and name in ("src", "srcset", "poster")
            for part in value.split(",") if name == "srcset" else [value]:
                yield start + match.start(2), part.strip(), image


def _first_token(target: str) -> str:
    parts = target.strip().split()
    return parts[0].strip("<>") if parts else ""


def _dangerous_scheme(target: str) -> str | None:
    """« javascript: », « vbscript: » or « data: » (text/html) if the URL would run code, else None."""
    # Browsers ignore spaces and control characters inside a scheme, and decode entities.
    probe = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower().lstrip("<")
    return probe.split(":")[0] + ":" if probe.startswith(_DANGEROUS_SCHEMES) else None


def _relative_path(target: str) -> str | None:
    """The path part of a relative URL (no scheme, not absolute, not an anchor); None otherwise."""
    token = _first_token(target).replace("\\", "/")
    if not token or token.startswith(("/", "#")) or _SCHEME.match(token):
        return None
    return unquote(token.split("#")[0].split("?")[0]) or None


def _climbs_out(folder: str, path: str) -> bool:
    resolved = posixpath.normpath(posixpath.join(folder or ".", path))
    return resolved == ".." or resolved.startswith("../")


def _from_elsewhere(target: str) -> bool:
    token = _first_token(target).lower()
    return token.startswith("//") or (bool(_SCHEME.match(token)) and not token.startswith("data:image/"))

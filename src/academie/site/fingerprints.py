"""Content fingerprints: of a lesson's quizzes (so that a learner's browser can tell that a quiz
changed since it was passed), and of the platform's scripts and styles (so that a web server can
let browsers keep them for a year: a new version has a new name).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from functools import cache
from pathlib import Path

from academie.content.catalogue import Lesson

FINGERPRINT_LENGTH = 10
# The search worker is named in Material's configuration block, not by an attribute: it keeps its name.
UNFINGERPRINTED = ("assets/search/",)


def quiz_fingerprint(lesson: Lesson) -> str:
    """A short digest of what a learner answers in the lesson's quizzes: questions, kinds, choices,
    right answers, feedback and explanations (not where they sit in the file). Empty without quiz."""
    if not lesson.quizzes:
        return ""
    questions = [
        {
            "text": q.text,
            "kind": q.kind,
            "choices": [[c.text, c.correct, c.feedback] for c in q.choices],
            "explanation": q.explanation,
        }
        for block in lesson.quizzes
        for q in block.questions
    ]
    text = json.dumps(questions, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprinted_name(site_path: str, data: bytes) -> str:
    """« assets/academie.css » → « assets/academie.<digest>.css »."""
    stem, dot, suffix = site_path.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:FINGERPRINT_LENGTH]}{dot}{suffix}"


def fingerprint_files(site: Path, assets: list[str]) -> dict[str, str]:
    """Give the platform's scripts and styles in a built website a copy under a name that holds their
    digest; `assets`: their paths in the site. The plain names stay too, for anyone who links to them;
    offline packs are built separately and keep plain names. Returns {plain path: fingerprinted
    path}, for `rewrite_references` to point every page at the new names."""
    renamed: dict[str, str] = {}
    for site_path in assets:
        if not site_path.endswith((".css", ".js")) or site_path.startswith(UNFINGERPRINTED):
            continue
        plain = site / site_path
        if plain.is_file():
            renamed[site_path] = fingerprinted_name(site_path, plain.read_bytes())
            if not (site / renamed[site_path]).is_file():  # the name holds the digest: same name, same bytes
                shutil.copyfile(plain, site / renamed[site_path])
    return renamed


def rewrite_references(text: str, folder: str, renamed: dict[str, str]) -> str:
    """A page's HTML with its links to the renamed files pointing at their fingerprinted names;
    `folder`: the page's folder in the site ("" at its root)."""
    if not renamed:
        return text

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        if "://" in url or url.startswith(("/", "data:")):
            return match[0]
        target = posixpath.normpath(posixpath.join(folder, url))
        if target not in renamed:
            return match[0]
        new_url = url[: len(url) - len(posixpath.basename(url))] + posixpath.basename(renamed[target])
        return f'{match["attr"]}="{new_url}{match["tail"]}"'

    names = frozenset(posixpath.basename(path) for path in renamed)
    pattern = _references(names)
    # A page links to a thousand pages (its menu) and to a handful of renamed files: the regular
    # expression is tried only where one of their names occurs (str.find), not at every link —
    # same matches as pattern.sub over the page, a third of the time.
    starts: set[int] = set()
    for name in names:
        at = text.find(name)
        while at != -1:
            quote = text.rfind('"', 0, at)  # the link's opening quote: a URL holds none
            for attribute in ("href", "src"):
                if text.startswith(attribute + "=", quote - len(attribute) - 1):
                    starts.add(quote - len(attribute) - 1)
            at = text.find(name, at + len(name))
    pieces, cursor = [], 0
    for start in sorted(starts):
        match = pattern.match(text, start)
        if match is not None and start >= cursor:
            pieces += [text[cursor:start], replace(match)]
            cursor = match.end()
    return "".join([*pieces, text[cursor:]]) if pieces else text


@cache
def _references(names: frozenset[str]) -> re.Pattern[str]:
    """The links whose file name is one of `names`: a page links to a thousand pages (its menu), to
    a handful of renamed files; the others are not even handed to Python."""
    ending = "|".join(re.escape(name) for name in sorted(names))
    return re.compile(rf'(?P<attr>\b(?:href|src))="(?P<url>(?:[^"#?/]*/)*(?:{ending}))(?P<tail>[#?][^"]*|)"')

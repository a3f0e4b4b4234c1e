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
from pathlib import Path

from academie.content.catalogue import Lesson
from academie.site.hard_links import same_file

FINGERPRINT_LENGTH = 10
# The search worker is named in Material's configuration block, not by an attribute: it keeps its name.
UNFINGERPRINTED = ("assets/search/",)
_REFERENCE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"#?]+)(?P<tail>[^"]*)"')


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


def fingerprint_assets(site: Path, assets: list[str], previous: Path | None = None) -> dict[str, str]:
    """Give the platform's scripts and styles in a built website a name that holds their digest,
        and point every page at it. `assets`: their paths in the site. The plain names stay too, for anyone who links to them; offline
        packs are built separately and keep plain names. `previous`: the site an incremental build copied
    (its pages still shared with it are left alone). Returns {plain path: fingerprinted path}."""
    renamed: dict[str, str] = {}
    for site_path in assets:
        if not site_path.endswith((".css", ".js")) or site_path.startswith(UNFINGERPRINTED):
            continue
        plain = site / site_path
        if plain.is_file():
            renamed[site_path] = fingerprinted_name(site_path, plain.read_bytes())
            if not (site / renamed[site_path]).is_file():  # the name holds the digest: same name, same bytes
                shutil.copyfile(plain, site / renamed[site_path])
    if renamed:
        for page in site.rglob("*.html"):
            if previous is not None and same_file(page, previous / page.relative_to(site)):
                continue  # shared with the previous site (an incremental build): already rewritten
            _rewrite_references(site, page, renamed)
    return renamed


def _rewrite_references(site: Path, page: Path, renamed: dict[str, str]) -> None:
    folder = page.parent.relative_to(site).as_posix()
    folder = "" if folder == "." else folder

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        if "://" in url or url.startswith(("/", "data:")):
            return match[0]
        target = posixpath.normpath(posixpath.join(folder, url))
        if target not in renamed:
            return match[0]
        new_url = url[: len(url) - len(posixpath.basename(url))] + posixpath.basename(renamed[target])
        return f'{match["attr"]}="{new_url}{match["tail"]}"'

    text = page.read_text(encoding="utf-8")
    new_text = _REFERENCE.sub(replace, text)
    if new_text != text:
        page.unlink()  # replaced, not written into: it may be shared with the previous site (hard link)
        page.write_text(new_text, encoding="utf-8")

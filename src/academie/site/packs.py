"""Offline course packs: one standalone build of a track, zipped so that the same sources
always give the same bytes (fixed dates, sorted entries), hence the same checksum."""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from academie.content.catalogue import Catalogue
from academie.content.model import Track
from academie.site.hard_links import hard_link

DOWNLOADS_DIR = "telechargements"
README_NAME = "LISEZMOI.txt"
# 1980-01-01, the earliest date a ZIP entry can carry: no build time leaks into the archive.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Files of a build that make no sense offline (the 404 page is for a web server, with absolute links).
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def academie_version() -> str:
    try:
        return version("academie")
    except PackageNotFoundError:
        return "0.0.0"


def pack_name(track_id: str, pack_version: str | None = None) -> str:
    return f"academie-ia-{track_id}-{pack_version or academie_version()}.zip"


def pack_path(track_id: str) -> str:
    """Where the pack lies in the site, e.g. telechargements/academie-ia-tpe-0.1.0.zip."""
    return f"{DOWNLOADS_DIR}/{pack_name(track_id)}"


def pack_catalogue(catalogue: Catalogue, track_id: str) -> Catalogue:
    """The catalogue as a pack sees it: one track and its lessons only."""
    track_file = catalogue.track_files[track_id]
    kept = {lesson.id for lesson in catalogue.track_lessons(track_file.track)}
    return replace(
        catalogue,
        lessons={i: lsn for i, lsn in catalogue.lessons.items() if i in kept},
        track_files={track_id: track_file},
        orientation=None,
    )


def content_date(catalogue: Catalogue, track: Track) -> date:
    """The date of a pack: the latest review of its lessons (not the build date, which would
    change the bytes of every build)."""
    return max(lesson.meta.updated for lesson in catalogue.track_lessons(track))


def write_zip(folder: Path, target: Path) -> None:
    """Zip `folder` reproducibly: sorted entries, fixed dates and permissions, one compression level."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in LEFT_OUT)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            _add(archive, path.relative_to(folder).as_posix(), path.read_bytes())


def extend_zip(base: Path, folder: Path, names: list[str], target: Path) -> None:
    """`base` (made by write_zip) with these files of `folder` added at its end: its entries are
    copied as they are, not compressed again."""
    target.unlink(missing_ok=True)
    shutil.copyfile(base, target)
    with zipfile.ZipFile(target, "a") as archive:
        for name in names:
            _add(archive, name, (folder / name).read_bytes())


# zlib level 6, not 9: about half the compression time, for ZIP files 0.4 % larger.
ZIP_LEVEL = 6


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, so that the permissions above are read back the same everywhere
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)


@dataclass(frozen=True)
class PackFile:
    track_id: str
    name: str
    path: Path
    size: int
    sha256: str
    pending: bool = False  # still being zipped while the website is built: see fill_pending

    @property
    def megabytes(self) -> str:
        if self.pending:
            return pending_mark(self.name, "taille")
        return f"{self.size / 1_000_000:.1f}".replace(".", ",") + "\u00a0Mo"


def describe_pack(track_id: str, path: Path) -> PackFile:
    data = path.read_bytes()
    return PackFile(track_id, path.name, path, len(data), hashlib.sha256(data).hexdigest())


# The website is built while the packs that changed are still being built and zipped: the downloads
# page then carries a mark where such a pack's size and SHA-256 go, filled in once its ZIP exists.
def pending_mark(name: str, what: str) -> str:
    return f"@@academie-en-attente:{what}:{name}@@"


def pending_pack(track_id: str, name: str) -> PackFile:
    return PackFile(track_id, name, Path(name), 0, pending_mark(name, "sha256"), pending=True)


# Where the website build writes those marks (the downloads page, and its entry in the search index).
PENDING_PAGES = (f"{DOWNLOADS_DIR}/index.html", "search/search_index.json")


def fill_pending(site: Path, zips: list[Path]) -> list[str]:
    """Put the finished ZIP files in the built website, and their size and SHA-256 where it left marks.
    Returns the pages it changed."""
    marks: dict[str, str] = {}
    for path in zips:
        pack = describe_pack("", path)
        marks[pending_mark(path.name, "taille")] = pack.megabytes
        marks[pending_mark(path.name, "sha256")] = pack.sha256
        # In place of the empty stand-in the website build wrote; a hard link of the cache's: no
        # build writes into a ZIP file once it is made.
        hard_link(path, site / DOWNLOADS_DIR / path.name)
    changed = []
    for name in PENDING_PAGES:
        page = site / name
        if not page.is_file():
            continue
        text = original = page.read_text(encoding="utf-8")
        for mark, value in marks.items():
            text = text.replace(mark, value)
        if "@@academie-en-attente:" in text:
            raise ValueError(f"{name} : un paquet attendu n’a pas été construit")
        if text != original:  # a page without marks may be shared with the live site (hard link)
            page.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


_LINK = re.compile(r"(\]\()(?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?(?P<end>\))(?P<attrs>\{[^}\n]*\})?")


class OutsideLink(Exception):
    """A link out of a pack to a page the website does not have either."""

    def __init__(self, target: str):
        super().__init__(
            f"lien « {target} » hors du paquet vers une page qui n’existe pas non plus sur le site "
            "— corrigez le lien (academie check le signale) ou retirez-le"
        )


def link_outside(markdown: str, page: str, inside: set[str], site_url: str, on_site: set[str] | None = None) -> str:
    """In a pack, a Markdown link to a page that is not in the pack becomes a link to the website,
    marked « voir en ligne », so that no link of the pack is broken; when `on_site` (the website's
    pages) is given, a link to a page it does not hold raises OutsideLink."""

    def swap(match: re.Match[str]) -> str:
        target = match.group("target")
        if "://" in target:
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if resolved in inside:
            return match.group(0)
        if on_site is not None and resolved not in on_site:
            raise OutsideLink(target)
        url = site_url.rstrip("/") + "/" + _directory_url(resolved) + (match.group("anchor") or "")
        return f'{match.group(1)}{url}){{ .academie-online title="Voir en ligne sur le site de l’Académie" }}'

    return _LINK.sub(swap, markdown)


def _directory_url(source: str) -> str:
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"

"""Permanent short links: /p/<track>/, /s/<sector path>/ and /l/<lesson>/, built from ids so that they survive a file move.

A short link is a static redirect page (meta refresh, canonical link, a visible link), so it
works on any static host. Its target is written relative to the short link, so the same
pages work on the public site, on a test server and under any sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

TRACK_PREFIX = "p"
LESSON_PREFIX = "l"
SECTOR_PREFIX = "s"
CARDS_DIR = "cartes"  # link-preview images, used by every page's og:image
QR_DIR = "ambassadeurs/qr"
SITE_CARD = f"{CARDS_DIR}/academie.png"  # the card of pages that are neither a track nor a lesson


def track_short_path(track_id: str) -> str:
    """Site-relative path of a track's short link, e.g. « p/tpe/ »."""
    return f"{TRACK_PREFIX}/{track_id}/"


def lesson_short_path(lesson_id: str) -> str:
    """Site-relative path of a lesson's short link, e.g. « l/qu-est-ce-que-l-ia/ »."""
    return f"{LESSON_PREFIX}/{lesson_id}/"


def sector_short_path(sector_id: str) -> str:
    """Site-relative path of a sector path's short link, e.g. « s/restauration/ »."""
    return f"{SECTOR_PREFIX}/{sector_id}/"


def sector_qr(sector_id: str, extension: str) -> str:
    return f"{QR_DIR}/{SECTOR_PREFIX}-{sector_id}.{extension}"


def track_card(track_id: str) -> str:
    return f"{CARDS_DIR}/{TRACK_PREFIX}-{track_id}.png"


def lesson_card(lesson_id: str) -> str:
    return f"{CARDS_DIR}/{LESSON_PREFIX}-{lesson_id}.png"


def track_qr(track_id: str, extension: str) -> str:
    return f"{QR_DIR}/{TRACK_PREFIX}-{track_id}.{extension}"


def lesson_qr(lesson_id: str, extension: str) -> str:
    return f"{QR_DIR}/{LESSON_PREFIX}-{lesson_id}.{extension}"


def redirect_source(short_path: str) -> str:
    """The file that answers a short link: « p/tpe/ » is served by « p/tpe/index.html »."""
    return short_path + "index.html"


@dataclass(frozen=True)
class SiteUrl:
    """The public address of the site (mkdocs.yml `site_url`), always ending with « / »."""

    base: str

    @classmethod
    def parse(cls, value: str | None) -> SiteUrl:
        parts = urlsplit(value or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"adresse du site invalide\u00a0: «\u00a0{value or ''}\u00a0» — donnez une adresse complète, "
                "par exemple https://academie-ia.example.fr/"
            )
        address = str(value)
        return cls(address if address.endswith("/") else address + "/")

    def absolute(self, path: str) -> str:
        """Absolute URL of a site-relative path (« p/tpe/ » → « https://…/p/tpe/ »)."""
        return self.base + path.lstrip("/")

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc


def display_url(url: str) -> str:
    """An address as printed on paper: without « https:// », which nobody needs to type."""
    parts = urlsplit(url)
    return parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")

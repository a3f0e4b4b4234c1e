"""Link previews: what messaging apps and social networks show when a page's link is shared.

Each page gets Open Graph and Twitter card metadata (title, description, absolute URL, card
image, fr_FR); tracks and lessons get their own card, other pages the Académie's card.
The template `overrides/partials/academie-head.html` writes them out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from academie.ambassadors.cards import CARD_SIZE, Card
from academie.ambassadors.links import display_url
from academie.content.catalogue import Lesson, format_duration
from academie.content.model import AUDIENCE_LABELS, LEVEL_LABELS, Track

OG_LOCALE = "fr_FR"
DESCRIPTION_LIMIT = 200  # longer descriptions are cut at a word by most apps anyway


@dataclass(frozen=True)
class Preview:
    type: str  # og:type: « article » for a lesson, « website » otherwise
    title: str
    description: str
    url: str  # absolute, the page's canonical address
    image: str  # absolute
    image_alt: str
    jsonld: str | None = None  # schema.org data, already serialised for a <script> element

    def as_meta(self) -> dict[str, object]:
        """What the head template reads (from page.meta or config.extra)."""
        return {**asdict(self), "locale": OG_LOCALE, "image_width": CARD_SIZE[0], "image_height": CARD_SIZE[1]}


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """A description of at most `limit` characters, cut at a word, with « … » when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.\u00a0") + "\u2026"


def image_alt(title: str, site_name: str) -> str:
    return title if title == site_name else f"{title} — {site_name}"


def track_card_content(track: Track, lesson_count: int, duration: int, short_link: str) -> Card:
    kicker = f"Parcours · {AUDIENCE_LABELS[track.audience]} · {lesson_count} leçons · {format_duration(duration)}"
    return Card(kicker=kicker, title=track.title, description=track.summary, link=display_url(short_link))


def lesson_card_content(lesson: Lesson, short_link: str) -> Card:
    kicker = f"Leçon · {format_duration(lesson.duration)} · {LEVEL_LABELS[lesson.meta.level]}"
    return Card(kicker=kicker, title=lesson.title, description=lesson.meta.description, link=display_url(short_link))


def site_card_content(site_name: str, description: str, site_url: str) -> Card:
    return Card(
        kicker="Plan «\u00a0Osez l’IA\u00a0» · formation gratuite",
        title=site_name,
        description=description,
        link=display_url(site_url),
    )

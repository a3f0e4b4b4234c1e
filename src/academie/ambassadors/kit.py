"""The ambassadors' kit as a whole: what the site engine must add to the site, computed from the catalogue.

`Kit` is the one object the MkDocs hook talks to. It returns generated Markdown pages (the
« Espace ambassadeurs », one handout and two workshop scripts per track), plain files (QR
codes, short-link redirect pages, catalogue.json and its schema), the cards to draw, and the
link preview of any page. Page URLs come from the site engine (`page_urls`: page source →
site-relative URL), so the kit does not depend on its URL style; a lesson the site does not
publish (yet) has no page URL and is left out of the kit rather than given a dead link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from academie.ambassadors import jsonld, sector_kit
from academie.ambassadors.cards import Card
from academie.ambassadors.links import (
    SITE_CARD,
    SiteUrl,
    display_url,
    lesson_card,
    lesson_qr,
    lesson_short_path,
    redirect_source,
    track_card,
    track_qr,
    track_short_path,
)
from academie.ambassadors.open_catalogue import (
    CATALOGUE_FILE,
    SCHEMA_PATH,
    catalogue_json,
    catalogue_schema_text,
    open_catalogue,
)
from academie.ambassadors.previews import (
    Preview,
    image_alt,
    lesson_card_content,
    shorten,
    site_card_content,
    track_card_content,
)
from academie.ambassadors.templates import render
from academie.ambassadors.workshop import WORKSHOP_LENGTHS, plan_workshop, trainer_notes
from academie.content.catalogue import Catalogue, Lesson
from academie.content.model import Track
from academie.site.assessment import assessment_size
from academie.site.pages import DOWNLOADS_PAGE, GeneratedPage, assessment_source, link, syllabus_source, track_label
from academie.site.urls import relative_url

SPACE_PAGE = "ambassadeurs/index.md"
SITE_QR = "ambassadeurs/qr/academie"  # + .svg / .png: the QR code of the home page


def handout_source(track: Track) -> str:
    return f"ambassadeurs/{track.id}/fiche.md"


def workshop_source(track: Track, length: int) -> str:
    return f"ambassadeurs/{track.id}/atelier-{length // 60}h.md"


@dataclass(frozen=True)
class KitFile:
    """A file that is not a page: its path in the site and its content."""

    source: str
    content: bytes | str


@dataclass(frozen=True)
class CardJob:
    """A card to draw (or take from the cache) and where the site serves it."""

    source: str
    card: Card


@dataclass(frozen=True)
class Kit:
    catalogue: Catalogue
    site: SiteUrl
    site_name: str
    site_description: str
    page_urls: Mapping[str, str] = field(default_factory=dict)

    def for_site(self, page_urls: Mapping[str, str]) -> Kit:
        """The kit of a site whose pages are `page_urls`: lessons without a page are left out."""
        lessons = {i: lesson for i, lesson in self.catalogue.lessons.items() if lesson.source in page_urls}
        return replace(self, catalogue=replace(self.catalogue, lessons=lessons), page_urls=dict(page_urls))

    def unpublished(self, page_urls: Mapping[str, str]) -> list[Lesson]:
        return [lesson for lesson in self.catalogue.lessons.values() if lesson.source not in page_urls]

    # --- Short links -------------------------------------------------------------------------

    def track_link(self, track: Track) -> str:
        return self.site.absolute(track_short_path(track.id))

    def lesson_link(self, lesson: Lesson) -> str:
        return self.site.absolute(lesson_short_path(lesson.id))

    @cached_property
    def _tracks_by_syllabus(self) -> dict[str, Track]:
        return {syllabus_source(t): t for t in self.catalogue.tracks}

    # --- Pages -------------------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        pages = [self.space_page()]
        for track in self.catalogue.tracks:
            pages.append(self.handout_page(track))
            pages += [self.workshop_page(track, length) for length in WORKSHOP_LENGTHS]
        return pages + sector_kit.handout_pages(self)

    def lesson_entry(self, lesson: Lesson, source: str) -> dict[str, object]:
        """A lesson as the ambassadors' page lists it: its page, short link and QR codes."""
        return {
            "lesson": lesson,
            "link": link(source, lesson.source),
            "href": relative_url(posixpath.dirname(source) + "/", self.page_urls.get(lesson.source, "")),
            "short_link": self.lesson_link(lesson),
            "qr_svg": link(source, lesson_qr(lesson.id, "svg")),
            "qr_png": link(source, lesson_qr(lesson.id, "png")),
        }

    def space_page(self) -> GeneratedPage:
        source = SPACE_PAGE
        tracks = []
        for track in self.catalogue.tracks:
            lessons = self.catalogue.track_lessons(track)
            tracks.append(
                {
                    "track": track,
                    "label": track_label(track),
                    "short_link": self.track_link(track),
                    "qr_svg": link(source, track_qr(track.id, "svg")),
                    "qr_png": link(source, track_qr(track.id, "png")),
                    "card": link(source, track_card(track.id)),
                    "syllabus": link(source, syllabus_source(track)),
                    "handout": link(source, handout_source(track)),
                    "workshops": [
                        (length, link(source, workshop_source(track, length))) for length in WORKSHOP_LENGTHS
                    ],
                    "duration": self.catalogue.track_duration(track),
                    "lessons": [self.lesson_entry(lesson, source) for lesson in lessons],
                }
            )
        markdown = render(
            "ambassadeurs_espace.md.j2",
            tracks=tracks,
            site_link=self.site.base,
            site_qr_svg=link(source, f"{SITE_QR}.svg"),
            site_qr_png=link(source, f"{SITE_QR}.png"),
            catalogue_link=link(source, CATALOGUE_FILE),
            schema_link=link(source, SCHEMA_PATH),
            lesson_count=len(self.catalogue.lessons),
            sectors=sector_kit.space_entries(self, source),
        )
        return GeneratedPage(source, markdown)

    def handout_page(self, track: Track) -> GeneratedPage:
        source = handout_source(track)
        lessons = self.catalogue.track_lessons(track)
        durations = [lesson.duration for lesson in lessons] or [0]
        markdown = render(
            "fiche_parcours.md.j2",
            track=track,
            label=track_label(track),
            lesson_count=len(lessons),
            shortest=min(durations),
            longest=max(durations),
            duration=self.catalogue.track_duration(track),
            outcomes=track.outcomes[:3],
            short_link=self.track_link(track),
            short_display=display_url(self.track_link(track)),
            qr_svg=link(source, track_qr(track.id, "svg")),
            space=link(source, SPACE_PAGE),
        )
        return GeneratedPage(source, markdown)

    def workshop_page(self, track: Track, length: int) -> GeneratedPage:
        source = workshop_source(track, length)
        workshop = plan_workshop(self.catalogue, track, length)
        links = {lesson.id: link(source, lesson.source) for lesson in self.catalogue.track_lessons(track)}
        short_links = {lesson.id: self.lesson_link(lesson) for lesson in self.catalogue.track_lessons(track)}
        other = [n for n in WORKSHOP_LENGTHS if n != length]
        markdown = render(
            "atelier_parcours.md.j2",
            track=track,
            label=track_label(track),
            workshop=workshop,
            links=links,
            short_links=short_links,
            track_link=self.track_link(track),
            handout=link(source, handout_source(track)),
            space=link(source, SPACE_PAGE),
            syllabus=link(source, syllabus_source(track)),
            assessment=link(source, assessment_source(track)) if assessment_size(self.catalogue, track) else None,
            downloads=link(source, DOWNLOADS_PAGE) + f"#{track.id}",
            other=[(n, link(source, workshop_source(track, n))) for n in other],
            notes=trainer_notes(self.catalogue, track, source),
        )
        return GeneratedPage(source, markdown)

    # --- Files -------------------------------------------------------------------------------

    def qr_targets(self) -> list[tuple[str, str, str, str]]:
        """(SVG path, PNG path, URL, title) of every QR code of the kit."""
        targets = [(f"{SITE_QR}.svg", f"{SITE_QR}.png", self.site.base, f"de {self.site_name}")]
        targets += [
            (track_qr(t.id, "svg"), track_qr(t.id, "png"), self.track_link(t), f"du {track_label(t)}")
            for t in self.catalogue.tracks
        ]
        targets += sector_kit.qr_targets(self)
        targets += [
            (
                lesson_qr(x.id, "svg"),
                lesson_qr(x.id, "png"),
                self.lesson_link(x),
                f"de la leçon «\u00a0{x.title}\u00a0»",
            )
            for x in sorted(self.catalogue.lessons.values(), key=lambda x: x.id)
        ]
        return [(svg, png, url, f"QR code {what}\u00a0: {url}") for svg, png, url, what in targets]

    def cards(self) -> list[CardJob]:
        jobs = [CardJob(SITE_CARD, site_card_content(self.site_name, self.site_description, self.site.base))]
        for track in self.catalogue.tracks:
            card = track_card_content(
                track,
                len(self.catalogue.track_lessons(track)),
                self.catalogue.track_duration(track),
                self.track_link(track),
            )
            jobs.append(CardJob(track_card(track.id), card))
        for lesson in sorted(self.catalogue.lessons.values(), key=lambda x: x.id):
            jobs.append(CardJob(lesson_card(lesson.id), lesson_card_content(lesson, self.lesson_link(lesson))))
        return jobs

    def redirects(self) -> list[KitFile]:
        """One static redirect page per short link, carrying the target's link preview, since
        messaging apps read the page they are given and do not follow a meta refresh."""
        files = []
        for track in self.catalogue.tracks:
            files.append(self._redirect(track_short_path(track.id), syllabus_source(track), track.title))
        for short_path, source, title, description in sector_kit.redirect_targets(self):
            files.append(self._redirect(short_path, source, title, description))
        for lesson in sorted(self.catalogue.lessons.values(), key=lambda x: x.id):
            files.append(self._redirect(lesson_short_path(lesson.id), lesson.source, lesson.title))
        return files

    def _redirect(self, short_path: str, target_source: str, title: str, description: str = "") -> KitFile:
        target = self.page_urls[target_source]
        preview = self.preview(target_source, title, description, self.site.absolute(target))
        html = render(
            "ambassadeurs_redirection.html.j2",
            title=title,
            target=relative_url(short_path, target),
            preview=preview.as_meta(),
            site_name=self.site_name,
        )
        return KitFile(redirect_source(short_path), html)

    def open_catalogue_files(self) -> list[KitFile]:
        data = open_catalogue(self.catalogue, self.site, self.page_urls, self.site_name)
        return [KitFile(CATALOGUE_FILE, catalogue_json(data)), KitFile(SCHEMA_PATH, catalogue_schema_text())]

    # --- Link previews -----------------------------------------------------------------------

    def preview(self, source: str, title: str, description: str, url: str) -> Preview:
        """The preview of the page made from `source`, whose title, description and canonical URL
        the site engine knows."""
        lesson = self.catalogue.by_source.get(source)
        if lesson is not None:
            data = jsonld.learning_resource(self.catalogue, lesson, self.site, self.page_urls, self.site_name)
            return Preview(
                "article",
                lesson.title,
                shorten(lesson.meta.description),
                url,
                self.site.absolute(lesson_card(lesson.id)),
                image_alt(lesson.title, self.site_name),
                jsonld.script_text(data),
            )
        track = self._tracks_by_syllabus.get(source)
        if track is not None:
            data = jsonld.course(self.catalogue, track, self.site, self.page_urls, self.site_name)
            return Preview(
                "website",
                track.title,
                shorten(track.summary),
                url,
                self.site.absolute(track_card(track.id)),
                image_alt(track.title, self.site_name),
                jsonld.script_text(data),
            )
        is_home = url == self.site.base
        return Preview(
            "website",
            self.site_name if is_home or not title else title,
            shorten(description or self.site_description),
            url,
            self.site.absolute(SITE_CARD),
            image_alt(self.site_name if is_home or not title else title, self.site_name),
        )

    def default_preview(self) -> Preview:
        """For a page the engine renders without a page object (the 404 page)."""
        return self.preview("", "", "", self.site.base)

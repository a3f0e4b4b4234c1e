"""schema.org data in each page, in French: Course for a track, LearningResource for a lesson.

Search engines and learning platforms read it to list the Académie's courses; a track names
its lessons (hasPart), a lesson names the tracks it belongs to (isPartOf).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from academie.ambassadors.links import SiteUrl, lesson_card, track_card
from academie.content.catalogue import Catalogue, Lesson
from academie.content.model import AUDIENCE_LABELS, LEVEL_LABELS, SECTOR_LABELS, Track
from academie.site.pages import syllabus_source

CONTEXT = "https://schema.org"


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration: 255 → « PT4H15M », 17 → « PT17M »."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _provider(site: SiteUrl, site_name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": site_name, "url": site.base}


def course(
    catalogue: Catalogue, track: Track, site: SiteUrl, page_urls: Mapping[str, str], site_name: str
) -> dict[str, Any]:
    url = site.absolute(page_urls[syllabus_source(track)])
    lessons = catalogue.track_lessons(track)
    workload = iso_duration(catalogue.track_duration(track))
    return {
        "@context": CONTEXT,
        "@type": "Course",
        "@id": url,
        "url": url,
        "identifier": track.id,
        "name": track.title,
        "description": track.summary,
        "inLanguage": "fr",
        "isAccessibleForFree": True,
        "provider": _provider(site, site_name),
        "audience": {"@type": "Audience", "audienceType": AUDIENCE_LABELS[track.audience]},
        "teaches": list(track.outcomes),
        "timeRequired": workload,
        "image": site.absolute(track_card(track.id)),
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "category": "Gratuit"},
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": "online",
            "courseWorkload": workload,
            "inLanguage": "fr",
        },
        "hasPart": [
            {
                "@type": "LearningResource",
                "@id": site.absolute(page_urls[lesson.source]),
                "position": number,
                "name": lesson.title,
                "url": site.absolute(page_urls[lesson.source]),
                "timeRequired": iso_duration(lesson.duration),
            }
            for number, lesson in enumerate(lessons, start=1)
        ],
    }


def learning_resource(
    catalogue: Catalogue, lesson: Lesson, site: SiteUrl, page_urls: Mapping[str, str], site_name: str
) -> dict[str, Any]:
    meta = lesson.meta
    url = site.absolute(page_urls[lesson.source])
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "LearningResource",
        "@id": url,
        "url": url,
        "identifier": lesson.id,
        "name": meta.title,
        "description": meta.description,
        "inLanguage": "fr",
        "learningResourceType": "Leçon",
        "educationalLevel": LEVEL_LABELS[meta.level],
        "timeRequired": iso_duration(meta.minutes),
        "teaches": list(meta.objectives),
        "audience": [{"@type": "Audience", "audienceType": AUDIENCE_LABELS[a]} for a in meta.audiences],
        "dateModified": meta.updated.isoformat(),
        "isAccessibleForFree": True,
        "provider": _provider(site, site_name),
        "image": site.absolute(lesson_card(lesson.id)),
        "isPartOf": [
            {"@type": "Course", "@id": site.absolute(page_urls[syllabus_source(p.track)]), "name": p.track.title}
            for p in catalogue.positions(lesson.id)
        ],
    }
    if meta.sectors:
        data["keywords"] = [SECTOR_LABELS[s] for s in meta.sectors]
    if meta.prerequisites:
        data["competencyRequired"] = [catalogue.lessons[p].title for p in meta.prerequisites if p in catalogue.lessons]
    return data


def script_text(data: Mapping[str, Any]) -> str:
    """JSON safe inside <script type="application/ld+json">: « </ » cannot close the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")

"""The open catalogue, /catalogue.json: every track and lesson with its links, for partners' sites.

The pydantic models below are the single source of both the file and its JSON Schema
(`schemas/catalogue.schema.json`), as `academie.content.model` is for the authors' schemas.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from academie.ambassadors.links import (
    SiteUrl,
    lesson_card,
    lesson_qr,
    lesson_short_path,
    track_card,
    track_qr,
    track_short_path,
)
from academie.content.catalogue import Catalogue, Lesson
from academie.content.model import Audience, Identifier, Level, Sector, Track
from academie.site.packs import academie_version, pack_path
from academie.site.pages import syllabus_source

CATALOGUE_FILE = "catalogue.json"
SCHEMA_FILE = "catalogue.schema.json"
SCHEMA_PATH = f"schemas/{SCHEMA_FILE}"  # where the site publishes the schema, beside the file it describes
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PackEntry(_Export):
    track: Identifier = Field(description="Identifiant du parcours contenu dans le paquet.")
    url: Url = Field(description="Adresse du paquet hors ligne (fichier ZIP).")
    version: str = Field(description="Version de l’Académie qui a produit le paquet.")


class ModuleEntry(_Export):
    title: str = Field(description="Titre du module.")
    lessons: list[Identifier] = Field(description="Identifiants des leçons du module, dans l’ordre.")


class LessonEntry(_Export):
    id: Identifier = Field(
        description="Identifiant stable de la leçon\u00a0: il ne change pas si le fichier est déplacé."
    )
    title: str = Field(description="Titre.")
    description: str = Field(description="Résumé de 160 caractères au plus.")
    audiences: list[Audience] = Field(description="Publics visés.")
    level: Level = Field(description="Niveau.")
    duration_minutes: int = Field(gt=0, description="Durée de travail de l’apprenant, en minutes.")
    objectives: list[str] = Field(description="Ce que l’apprenant saura faire ensuite.")
    prerequisites: list[Identifier] = Field(description="Identifiants des leçons à suivre avant.")
    sectors: list[Sector] = Field(description="Secteurs d’activité concernés.")
    updated: dt.date = Field(description="Date de la dernière relecture.")
    url: Url = Field(description="Adresse de la page de la leçon.")
    short_link: Url = Field(description="Lien court permanent (/l/<id>/), construit à partir de l’identifiant.")
    card: Url = Field(description="Image d’aperçu 1200 × 630 (PNG).")
    qr_code: Url = Field(description="QR code du lien court (SVG).")
    tracks: list[Identifier] = Field(description="Parcours qui contiennent la leçon.")
    packs: list[Url] = Field(description="Paquets hors ligne qui contiennent la leçon.")


class TrackEntry(_Export):
    id: Identifier = Field(description="Identifiant stable du parcours.")
    title: str = Field(description="Titre.")
    description: str = Field(description="Résumé du parcours.")
    audience: Audience = Field(description="Public visé.")
    outcomes: list[str] = Field(description="Ce que l’apprenant saura faire à la fin du parcours.")
    lesson_count: int = Field(ge=0, description="Nombre de leçons.")
    duration_minutes: int = Field(ge=0, description="Durée totale, en minutes (somme des durées des leçons).")
    url: Url = Field(description="Adresse du programme du parcours.")
    short_link: Url = Field(description="Lien court permanent (/p/<id>/).")
    card: Url = Field(description="Image d’aperçu 1200 × 630 (PNG).")
    qr_code: Url = Field(description="QR code du lien court (SVG).")
    modules: list[ModuleEntry] = Field(description="Modules du parcours, dans l’ordre.")
    lessons: list[Identifier] = Field(description="Identifiants de toutes les leçons, dans l’ordre du parcours.")
    pack: PackEntry = Field(description="Paquet hors ligne du parcours.")


class OpenCatalogue(_Export):
    """Catalogue ouvert de l’Académie de l’IA : parcours et leçons, avec leurs liens."""

    schema_: Url = Field(alias="$schema", description="Adresse du schéma JSON qui décrit ce fichier.")
    name: str = Field(description="Nom du site.")
    url: Url = Field(description="Adresse du site.")
    language: str = Field(description="Langue des contenus (code BCP 47).")
    version: str = Field(description="Version de l’Académie qui a produit ce fichier.")
    tracks: list[TrackEntry] = Field(description="Tous les parcours.")
    lessons: list[LessonEntry] = Field(description="Toutes les leçons, par ordre alphabétique d’identifiant.")


def open_catalogue(catalogue: Catalogue, site: SiteUrl, page_urls: Mapping[str, str], site_name: str) -> OpenCatalogue:
    """The catalogue as published. `page_urls` gives each page source its site-relative URL
    (« bases/x.md » → « bases/x/ »), as the site engine computed it."""
    packs = {
        t.id: PackEntry(track=t.id, url=site.absolute(pack_path(t.id)), version=academie_version())
        for t in catalogue.tracks
    }
    tracks = [_track_entry(catalogue, t, site, page_urls, packs[t.id]) for t in catalogue.tracks]
    lessons = [
        _lesson_entry(catalogue, lesson, site, page_urls, packs)
        for lesson in sorted(catalogue.lessons.values(), key=lambda x: x.id)
    ]
    return OpenCatalogue(
        schema_=site.absolute(SCHEMA_PATH),
        name=site_name,
        url=site.base,
        language="fr",
        version=academie_version(),
        tracks=tracks,
        lessons=lessons,
    )


def _track_entry(
    catalogue: Catalogue, track: Track, site: SiteUrl, page_urls: Mapping[str, str], pack: PackEntry
) -> TrackEntry:
    return TrackEntry(
        id=track.id,
        title=track.title,
        description=track.summary,
        audience=track.audience,
        outcomes=list(track.outcomes),
        lesson_count=len(catalogue.track_lessons(track)),
        duration_minutes=catalogue.track_duration(track),
        url=site.absolute(page_urls[syllabus_source(track)]),
        short_link=site.absolute(track_short_path(track.id)),
        card=site.absolute(track_card(track.id)),
        qr_code=site.absolute(track_qr(track.id, "svg")),
        modules=[
            ModuleEntry(title=m.title, lessons=[i for i in m.lessons if i in catalogue.lessons]) for m in track.modules
        ],
        lessons=[lesson.id for lesson in catalogue.track_lessons(track)],
        pack=pack,
    )


def _lesson_entry(
    catalogue: Catalogue, lesson: Lesson, site: SiteUrl, page_urls: Mapping[str, str], packs: Mapping[str, PackEntry]
) -> LessonEntry:
    meta = lesson.meta
    tracks = [p.track.id for p in catalogue.positions(lesson.id)]
    return LessonEntry(
        id=lesson.id,
        title=meta.title,
        description=meta.description,
        audiences=list(meta.audiences),
        level=meta.level,
        duration_minutes=meta.minutes,
        objectives=list(meta.objectives),
        prerequisites=list(meta.prerequisites),
        sectors=list(meta.sectors),
        updated=meta.updated,
        url=site.absolute(page_urls[lesson.source]),
        short_link=site.absolute(lesson_short_path(lesson.id)),
        card=site.absolute(lesson_card(lesson.id)),
        qr_code=site.absolute(lesson_qr(lesson.id, "svg")),
        tracks=tracks,
        packs=[packs[t].url for t in tracks],
    )


def catalogue_json(data: OpenCatalogue) -> str:
    return json.dumps(data.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"


def catalogue_schema_text() -> str:
    """The JSON Schema of catalogue.json, in the same form as the other schemas of `schemas/`."""
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    schema.update(OpenCatalogue.model_json_schema(by_alias=True))
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

"""Sector paths (« parcours métier »): a short file per trade, `tracks/secteurs/<id>.yml`, whose
curriculum is computed from the catalogue, never typed: the base track's first two modules
(foundations and rules), then a module « Votre métier » with the lessons tagged with the trade's
sectors and the prerequisites they miss, in prerequisite order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from academie.content.model import Identifier, Module, Sector, Text, Track, _Strict
from academie.content.problems import Problem
from academie.content.yamltext import YamlDoc

if TYPE_CHECKING:
    from academie.content.catalogue import Catalogue, Lesson

SECTORS_DIR = "secteurs"  # inside tracks/
BASE_MODULES = 2  # the base track's foundations and rules
TRADE_MODULE = "Votre métier"
MAX_OUTCOMES = 5


class SectorPath(_Strict):
    """A sector path file, `tracks/secteurs/<id>.yml`."""

    id: Identifier = Field(description="Identifiant du parcours métier, identique au nom du fichier (sans .yml).")
    title: Text = Field(description="Nom du métier, tel qu’il s’affiche : « Restauration ».")
    for_: Text = Field(alias="for", description="Pour qui, en une phrase.")
    base: Identifier = Field(
        description="Parcours de base (tpe ou pme) : ses deux premiers modules ouvrent le parcours."
    )
    summary: Text = Field(description="Résumé du parcours métier.")
    sectors: Annotated[list[Sector], Field(min_length=1)] = Field(
        description="Étiquettes sectors des leçons que ce parcours rassemble."
    )
    exclude: list[Identifier] = Field(
        default_factory=list, description="Leçons étiquetées à laisser de côté (identifiants)."
    )


@dataclass(eq=False)
class SectorFile:
    path: SectorPath
    display_path: str
    doc: YamlDoc = field(repr=False)

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        return self.doc.line_of(loc)


def is_own_lesson(lesson: Lesson, path: SectorPath) -> bool:
    """A lesson « of its own » for a trade: tagged, and with no tag outside the path's sectors
    (a lesson for restaurants, not one shared by every trade)."""
    tags = set(lesson.meta.sectors)
    return bool(tags) and tags <= set(path.sectors)


def trade_lessons(catalogue: Catalogue, path: SectorPath, included: set[str]) -> list[Lesson]:
    """The lessons of « Votre métier »: tagged with a sector of the path, not in `included`, not
    excluded, with their missing prerequisites; in prerequisite order, then base-track order, then title."""
    wanted = set(path.sectors)
    chosen = {
        lesson.id
        for lesson in catalogue.lessons.values()
        if wanted & set(lesson.meta.sectors) and lesson.id not in included and lesson.id not in path.exclude
    }
    pending = list(chosen)
    while pending:  # a prerequisite the learner has not met yet is added, even when excluded
        for prerequisite in catalogue.lessons[pending.pop()].meta.prerequisites:
            if prerequisite in catalogue.lessons and prerequisite not in included and prerequisite not in chosen:
                chosen.add(prerequisite)
                pending.append(prerequisite)
    base_order = {lesson.id: n for n, lesson in enumerate(catalogue.track_lessons(catalogue.track(path.base)))}

    def key(lesson_id: str) -> tuple[int, str, str]:
        lesson = catalogue.lessons[lesson_id]
        return base_order.get(lesson_id, len(base_order)), lesson.title.casefold(), lesson_id

    waiting = {i: {p for p in catalogue.lessons[i].meta.prerequisites if p in chosen and p != i} for i in chosen}
    remaining, ordered = set(chosen), []
    while remaining:
        # The first lesson, by key, whose prerequisites are all placed (any, on a cycle the validator reports).
        ready = [i for i in remaining if not waiting[i] & remaining]
        lesson_id = min(ready or remaining, key=key)
        ordered.append(lesson_id)
        remaining.discard(lesson_id)
    return [catalogue.lessons[i] for i in ordered]


def sector_track(catalogue: Catalogue, path: SectorPath) -> Track:
    """The computed curriculum of a sector path, as a Track that the syllabus template renders."""
    base = catalogue.track(path.base)
    modules = list(base.modules[:BASE_MODULES])
    included = {i for module in modules for i in module.lessons}
    trade = trade_lessons(catalogue, path, included)
    if trade:
        modules.append(Module(title=TRADE_MODULE, lessons=[lesson.id for lesson in trade]))
    # What the learner will be able to do: the first objective of the trade's own lessons, then of the others.
    # (prerequisites added for them do not count: they are not about the trade).
    tagged = [lesson for lesson in trade if set(lesson.meta.sectors) & set(path.sectors)]
    firsts = [lesson.meta.objectives[0] for lesson in sorted(tagged, key=lambda x: not is_own_lesson(x, path))]
    outcomes = list(dict.fromkeys(firsts))
    return Track(
        id=path.id,
        title=path.title,
        audience=base.audience,
        summary=path.summary,
        outcomes=outcomes[:MAX_OUTCOMES] or list(base.outcomes),
        modules=modules,
        final_assessment=base.final_assessment,
    )


def check_sectors(catalogue: Catalogue) -> list[Problem]:
    """References of the sector files: base track, excluded lessons, file name; and a warning for a
    trade that has no lesson of its own yet (the path is still built from the shared lessons)."""
    problems = []
    for sector_file in catalogue.sector_files.values():
        path, shown = sector_file.path, sector_file.display_path
        expected = PurePosixPath(shown).stem
        if expected != path.id:
            problems.append(
                Problem(
                    shown,
                    sector_file.line_of(("id",)),
                    f"l’identifiant « {path.id} » ne correspond pas au nom du fichier",
                    f"renommez le fichier en {path.id}.yml ou mettez id: {expected}",
                )
            )
        if path.base not in catalogue.track_files:
            problems.append(
                Problem(
                    shown,
                    sector_file.line_of(("base",)),
                    f"parcours de base inconnu « {path.base} »",
                    "choisissez parmi " + ", ".join(sorted(catalogue.track_files)),
                )
            )
            continue
        for n, lesson_id in enumerate(path.exclude):
            if lesson_id not in catalogue.lessons and lesson_id not in catalogue.broken_ids:
                problems.append(
                    Problem(
                        shown,
                        sector_file.line_of(("exclude", n)),
                        f"leçon exclue inconnue « {lesson_id} »",
                        "corrigez l’identifiant ou retirez-le de exclude",
                    )
                )
        track = sector_track(catalogue, path)
        base = {i for module in catalogue.track(path.base).modules[:BASE_MODULES] for i in module.lessons}
        kept = {i for module in track.modules for i in module.lessons} - base
        for n, lesson_id in enumerate(path.exclude):
            if lesson_id in base:
                problems.append(
                    Problem(
                        shown,
                        sector_file.line_of(("exclude", n)),
                        f"la leçon exclue « {lesson_id} » fait partie des deux premiers modules du "
                        f"parcours « {path.base} » : elle y reste",
                        "retirez-la de exclude : les bases et les règles ouvrent tout parcours métier",
                        "warning",
                    )
                )
            elif lesson_id in kept:
                problems.append(
                    Problem(
                        shown,
                        sector_file.line_of(("exclude", n)),
                        f"la leçon exclue « {lesson_id} » reste dans le parcours : "
                        "c’est un prérequis d’une autre de ses leçons",
                        "retirez-la de exclude, ou excluez aussi les leçons qui en dépendent",
                        "warning",
                    )
                )
        if not any(is_own_lesson(lesson, path) for lesson in catalogue.lessons.values()):
            tags = ", ".join(s.value for s in path.sectors)
            problems.append(
                Problem(
                    shown,
                    sector_file.line_of(("sectors",)),
                    "ce secteur n’a encore aucune leçon à lui",
                    f"écrivez une leçon dont les seules étiquettes sectors sont parmi : {tags}",
                    "warning",
                )
            )
    return problems

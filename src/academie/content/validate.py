"""Checks that need the whole catalogue: references, cycles, order inside tracks."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from academie.content.catalogue import Catalogue, Lesson
from academie.content.problems import Problem
from academie.content.sectors import sector_track


def validate_catalogue(catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    problems += _track_references(catalogue)
    problems += _prerequisite_references(catalogue)
    problems += _prerequisite_cycles(catalogue)
    problems += _prerequisite_order(catalogue)
    problems += _orphans_and_audiences(catalogue)
    problems += review_problems(catalogue, dt.date.today())
    return problems


REVIEW_HORIZON = dt.timedelta(days=183)  # tool and legal facts are re-checked at least every six months


def review_problems(catalogue: Catalogue, today: dt.date) -> list[Problem]:
    """Warnings for facts past their review date, or given one too far ahead."""
    problems = []
    for lesson in catalogue.lessons.values():
        review_by = lesson.meta.review_by
        if review_by is None:
            continue
        line = lesson.front.line_of(("review_by",))
        if review_by < today:
            problems.append(
                Problem(
                    lesson.display_path,
                    line,
                    f"les faits de cette leçon devaient être revérifiés avant le {french_date(review_by)}",
                    "revérifiez-les dans faits.md ou leurs sources, puis mettez updated à la date du jour "
                    "et repoussez review_by (six mois au plus)",
                    "warning",
                )
            )
        elif review_by - lesson.meta.updated > REVIEW_HORIZON:
            problems.append(
                Problem(
                    lesson.display_path,
                    line,
                    f"review_by ({review_by.isoformat()}) est à plus de six mois de updated "
                    f"({lesson.meta.updated.isoformat()})",
                    "choisissez une date de revue au plus six mois après la dernière vérification",
                    "warning",
                )
            )
    return problems


def lessons_due(catalogue: Catalogue, before: dt.date) -> list[Lesson]:
    """Lessons whose review date comes before `before`, the most urgent first."""
    due = [lesson for lesson in catalogue.lessons.values() if lesson.meta.review_by and lesson.meta.review_by <= before]
    return sorted(due, key=lambda lesson: (lesson.meta.review_by, lesson.display_path))


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: dt.date) -> str:
    """« 4 décembre 2026 », « 1er mars 2027 »."""
    return f"{'1er' if day.day == 1 else day.day}\u00a0{MONTHS[day.month - 1]}\u00a0{day.year}"


def _track_references(catalogue: Catalogue) -> list[Problem]:
    problems = []
    for track_file in catalogue.track_files.values():
        track = track_file.track
        expected = PurePosixPath(track_file.display_path).stem
        if expected != track.id:
            problems.append(
                Problem(
                    track_file.display_path,
                    track_file.line_of(("id",)),
                    f"l’identifiant « {track.id} » ne correspond pas au nom du fichier",
                    f"renommez le fichier en {track.id}.yml ou mettez id: {expected}",
                    "warning",
                )
            )
        placed: dict[str, str] = {}
        for m, module in enumerate(track.modules):
            for i, lesson_id in enumerate(module.lessons):
                line = track_file.line_of(("modules", m, "lessons", i))
                if lesson_id in catalogue.broken_ids:
                    continue
                if lesson_id not in catalogue.lessons:
                    problems.append(
                        Problem(
                            track_file.display_path,
                            line,
                            f"le parcours cite une leçon inconnue « {lesson_id} »",
                            "corrigez l’identifiant ou créez la leçon dans content/",
                        )
                    )
                elif lesson_id in placed:
                    problems.append(
                        Problem(
                            track_file.display_path,
                            line,
                            f"la leçon « {lesson_id} » figure deux fois dans le parcours (déjà dans « {placed[lesson_id]} »)",
                            "gardez-la dans un seul module",
                        )
                    )
                placed.setdefault(lesson_id, module.title)
    return problems


def _prerequisite_line(lesson: Lesson, prerequisite: str) -> int:
    return lesson.front.line_of(("prerequisites", lesson.meta.prerequisites.index(prerequisite)))


def _prerequisite_references(catalogue: Catalogue) -> list[Problem]:
    problems = []
    for lesson in catalogue.lessons.values():
        for prerequisite in lesson.meta.prerequisites:
            if prerequisite == lesson.id:
                problems.append(
                    Problem(
                        lesson.display_path,
                        _prerequisite_line(lesson, prerequisite),
                        "une leçon ne peut pas être son propre prérequis",
                        "retirez-la de prerequisites",
                    )
                )
            elif prerequisite not in catalogue.lessons and prerequisite not in catalogue.broken_ids:
                problems.append(
                    Problem(
                        lesson.display_path,
                        _prerequisite_line(lesson, prerequisite),
                        f"prérequis inconnu « {prerequisite} »",
                        "corrigez l’identifiant ou retirez ce prérequis",
                    )
                )
    return problems


def _prerequisite_cycles(catalogue: Catalogue) -> list[Problem]:
    """Report each cycle once, at the lesson where it is first entered (iterative DFS)."""
    graph = {
        i: [p for p in lesson.meta.prerequisites if p in catalogue.lessons and p != i]
        for i, lesson in catalogue.lessons.items()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems = []
    for start in graph:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, child_index = stack.pop()
            if child_index == 0:
                state[node] = 1
                path.append(node)
            children = graph[node]
            if child_index < len(children):
                stack.append((node, child_index + 1))
                child = children[child_index]
                if state.get(child) == 1:
                    cycle = path[path.index(child) :] + [child]
                    lesson = catalogue.lessons[node]
                    problems.append(
                        Problem(
                            lesson.display_path,
                            _prerequisite_line(lesson, child),
                            "cycle de prérequis : " + " → ".join(cycle),
                            "retirez l’un de ces prérequis pour casser la boucle",
                        )
                    )
                elif not state.get(child):
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return problems


def _prerequisite_order(catalogue: Catalogue) -> list[Problem]:
    problems = []
    for track_file in catalogue.track_files.values():
        track = track_file.track
        order = {lesson.id: n for n, lesson in enumerate(catalogue.track_lessons(track))}
        for m, module in enumerate(track.modules):
            for i, lesson_id in enumerate(module.lessons):
                lesson = catalogue.lessons.get(lesson_id)
                if lesson is None:
                    continue
                for prerequisite in lesson.meta.prerequisites:
                    if prerequisite in order and order[prerequisite] > order[lesson_id]:
                        problems.append(
                            Problem(
                                track_file.display_path,
                                track_file.line_of(("modules", m, "lessons", i)),
                                f"la leçon « {lesson_id} » vient avant son prérequis « {prerequisite} »",
                                f"placez « {prerequisite} » avant « {lesson_id} » dans ce parcours",
                            )
                        )
    return problems


def _orphans_and_audiences(catalogue: Catalogue) -> list[Problem]:
    problems = []
    # A trade's lesson is followed through its sector path (computed from its `sectors` tags).
    valid = [path for path in catalogue.sector_paths if path.base in catalogue.track_files]  # others are reported
    in_paths = {i for path in valid for m in sector_track(catalogue, path).modules for i in m.lessons}
    for lesson in catalogue.lessons.values():
        positions = catalogue.positions(lesson.id)
        if not positions and lesson.id not in in_paths:
            problems.append(
                Problem(
                    lesson.display_path,
                    lesson.front.line_of(("id",)),
                    f"la leçon « {lesson.id} » n’est dans aucun parcours",
                    "ajoutez son identifiant à un module d’un fichier tracks/*.yml, "
                    "ou donnez-lui le secteur d’un parcours métier (tracks/secteurs/)",
                    "warning",
                )
            )
        for position in positions:
            if position.track.audience not in lesson.meta.audiences:
                problems.append(
                    Problem(
                        lesson.display_path,
                        lesson.front.line_of(("audiences",)),
                        f"la leçon est dans le parcours « {position.track.id} » mais son public ne comprend pas « {position.track.audience.value} »",
                        f"ajoutez {position.track.audience.value} à audiences",
                        "warning",
                    )
                )
    return problems

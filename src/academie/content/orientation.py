"""« Par où commencer ? »: the orientation questions (orientation.yml), checked against the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from academie.content.model import Identifier, Text, _Strict
from academie.content.problems import Problem
from academie.content.schema_errors import problems_from
from academie.content.yamltext import YamlDoc, YamlProblem, parse_yaml

ORIENTATION_FILE = "orientation.yml"


class OrientationChoice(_Strict):
    text: Text
    points: dict[Identifier, Annotated[int, Field(ge=0, le=20)]] = Field(default_factory=dict)
    lessons: list[Identifier] = Field(default_factory=list)
    sector: Identifier | None = None  # the sector path (tracks/secteurs/<id>.yml) recommended for this answer


class OrientationQuestion(_Strict):
    id: Identifier
    question: Text
    choices: Annotated[list[OrientationChoice], Field(min_length=2)]


class Orientation(_Strict):
    questions: Annotated[list[OrientationQuestion], Field(min_length=1)]
    recommendations: dict[Identifier, Text]


def load_orientation(root: Path, problems: list[Problem]) -> tuple[Orientation, YamlDoc] | None:
    """Read orientation.yml if the project has one; report its problems with their lines."""
    path = root / ORIENTATION_FILE
    if not path.is_file():
        return None
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"))
    except (YamlProblem, UnicodeDecodeError) as exc:
        line = exc.line if isinstance(exc, YamlProblem) else 1
        message = exc.message if isinstance(exc, YamlProblem) else "fichier non encodé en UTF-8"
        problems.append(
            Problem(ORIENTATION_FILE, line, f"questionnaire illisible : {message}", "corrigez la syntaxe YAML")
        )
        return None
    try:
        return Orientation.model_validate(doc.data), doc
    except ValidationError as exc:
        problems.extend(
            problems_from(exc, doc.line_of, lambda line, msg, fix: Problem(ORIENTATION_FILE, line, msg, fix))
        )
        return None


def check_orientation(
    orientation: Orientation,
    doc: YamlDoc,
    track_ids: set[str],
    lesson_ids: set[str],
    sector_ids: set[str] | None = None,
) -> list[Problem]:
    problems = []
    for q, question in enumerate(orientation.questions):
        for c, choice in enumerate(question.choices):
            for track_id in choice.points:
                if track_id not in track_ids:
                    problems.append(
                        Problem(
                            ORIENTATION_FILE,
                            doc.line_of(("questions", q, "choices", c, "points")),
                            f"parcours inconnu « {track_id} »",
                            "utilisez l’identifiant d’un fichier tracks/*.yml",
                        )
                    )
            for lesson_id in choice.lessons:
                if lesson_id not in lesson_ids:
                    problems.append(
                        Problem(
                            ORIENTATION_FILE,
                            doc.line_of(("questions", q, "choices", c, "lessons")),
                            f"leçon inconnue « {lesson_id} »",
                            "utilisez l’identifiant d’une leçon de content/",
                        )
                    )
            if choice.sector is not None and choice.sector not in (sector_ids or set()):
                problems.append(
                    Problem(
                        ORIENTATION_FILE,
                        doc.line_of(("questions", q, "choices", c, "sector")),
                        f"parcours métier inconnu « {choice.sector} »",
                        "utilisez l’identifiant d’un fichier tracks/secteurs/*.yml",
                    )
                )
    for track_id in track_ids - orientation.recommendations.keys():
        problems.append(
            Problem(
                ORIENTATION_FILE,
                doc.line_of(("recommendations",)),
                f"aucune recommandation pour le parcours « {track_id} »",
                f'ajoutez {track_id}: "…" sous recommendations',
            )
        )
    return problems

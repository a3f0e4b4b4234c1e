"""JSON Schemas published for editors, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from academie.ambassadors import OpenCatalogue
from academie.content.model import LessonMeta, Question, Track
from academie.content.practice_model import Atelier, Reperer
from academie.content.sectors import SectorPath

SCHEMAS: dict[str, type[BaseModel]] = {
    "lesson.schema.json": LessonMeta,
    "track.schema.json": Track,
    "sector.schema.json": SectorPath,
    "quiz-question.schema.json": Question,
    "catalogue.schema.json": OpenCatalogue,
    "atelier.schema.json": Atelier,
    "reperer.schema.json": Reperer,
}


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, model in SCHEMAS.items():
        schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
        schema.update(model.model_json_schema())
        texts[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

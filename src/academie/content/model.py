"""The schemas of what authors write: a lesson's front matter, a track file, a quiz question.

These models are the single source of the published JSON Schemas (`schemas/`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Audience(StrEnum):
    TPE = "tpe"
    PME = "pme"
    GRAND_PUBLIC = "grand-public"


class Level(StrEnum):
    DEBUTANT = "debutant"
    INTERMEDIAIRE = "intermediaire"
    AVANCE = "avance"


class Sector(StrEnum):
    COMMERCE = "commerce"
    ARTISANAT = "artisanat"
    TOURISME = "tourisme"
    RESTAURATION = "restauration"
    INDUSTRIE = "industrie"
    BTP = "btp"
    AGRICULTURE = "agriculture"
    SERVICES = "services"
    SANTE = "sante"
    TRANSPORT = "transport"
    BEAUTE = "beaute"
    DROIT_CHIFFRE = "droit-chiffre"


AUDIENCE_LABELS = {Audience.TPE: "TPE", Audience.PME: "PME", Audience.GRAND_PUBLIC: "Grand public"}
LEVEL_LABELS = {Level.DEBUTANT: "Débutant", Level.INTERMEDIAIRE: "Intermédiaire", Level.AVANCE: "Avancé"}
SECTOR_LABELS = {
    Sector.COMMERCE: "Commerce",
    Sector.ARTISANAT: "Artisanat",
    Sector.TOURISME: "Tourisme",
    Sector.RESTAURATION: "Restauration",
    Sector.INDUSTRIE: "Industrie",
    Sector.BTP: "BTP",
    Sector.AGRICULTURE: "Agriculture",
    Sector.SERVICES: "Services",
    Sector.SANTE: "Santé",
    Sector.TRANSPORT: "Transport",
    Sector.BEAUTE: "Coiffure et esthétique",
    Sector.DROIT_CHIFFRE: "Professions du chiffre et du droit",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LessonMeta(_Strict):
    """Front matter of a lesson (Markdown file or first cell of a notebook)."""

    # duration, or else teaching and exercises (a Carpentries episode's front matter)
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"anyOf": [{"required": ["duration"]}, {"required": ["teaching", "exercises"]}]},
    )

    id: Identifier = Field(description="Identifiant stable : ne change jamais, même si le fichier est déplacé.")
    title: Text = Field(description="Titre de la leçon.")
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)] = Field(
        description="Résumé de 160 caractères au plus (cartes, résultats de recherche, aperçus de lien)."
    )
    audiences: Annotated[list[Audience], Field(min_length=1)] = Field(description="Publics visés.")
    level: Level = Field(description="Niveau.")
    duration: Annotated[int, Field(gt=0, le=600)] | None = Field(
        default=None,
        description="Durée en minutes de travail de l'apprenant ; absente, elle vaut teaching + exercises (Carpentries).",
    )
    teaching: Annotated[int, Field(ge=0, le=600)] | None = Field(
        default=None, description="Minutes d'exposé (épisodes des Carpentries) ; avec exercises, donne duration."
    )
    exercises: Annotated[int, Field(ge=0, le=600)] | None = Field(
        default=None, description="Minutes d'exercices (épisodes des Carpentries) ; avec teaching, donne duration."
    )
    objectives: Annotated[list[Text], Field(min_length=2, max_length=5)] = Field(
        description="Ce que l'apprenant saura faire ensuite (2 à 5 verbes d'action)."
    )
    prerequisites: list[Identifier] = Field(default_factory=list, description="Identifiants des leçons à suivre avant.")
    sectors: list[Sector] = Field(default_factory=list, description="Secteurs d'activité concernés.")
    updated: dt.date = Field(description="Date de la dernière relecture (AAAA-MM-JJ).")
    sources: list[Text] = Field(default_factory=list, description="Sources des faits, chiffres et règles cités.")
    review_by: dt.date | None = Field(
        default=None,
        description="Date avant laquelle les faits datés (outils, droit, financements) doivent être revérifiés (AAAA-MM-JJ).",
    )
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(?:-[A-Z]{2})?$")] = Field(
        default="fr", description="Langue de la leçon (code BCP 47 : fr, en…), « fr » par défaut."
    )
    pass_mark: Annotated[int, Field(ge=1, le=100)] | None = Field(
        default=None, description="Seuil de réussite des quiz de la leçon, en % (70 par défaut)."
    )

    @model_validator(mode="before")
    @classmethod
    def _carpentries_duration(cls, data: Any) -> Any:
        """A Carpentries episode gives `teaching` and `exercises` minutes: their sum is the duration."""
        if isinstance(data, dict) and data.get("duration") is None:
            teaching, exercises = data.get("teaching"), data.get("exercises")
            if type(teaching) is int and type(exercises) is int and teaching + exercises > 0:
                return {**data, "duration": teaching + exercises}
            raise PydanticCustomError("duration_missing", "duration missing")
        return data

    @property
    def minutes(self) -> int:
        assert self.duration is not None  # set from teaching + exercises otherwise, or refused
        return self.duration


class Module(_Strict):
    title: Text
    lessons: Annotated[list[Identifier], Field(min_length=1)]


class FinalAssessmentSettings(_Strict):
    questions_per_lesson: Annotated[int, Field(ge=1, le=10)] = 1
    pass_mark: Annotated[int, Field(ge=1, le=100)] = 70


class Track(_Strict):
    """A track file, `tracks/<id>.yml`."""

    id: Identifier
    title: Text
    audience: Audience
    summary: Text
    outcomes: Annotated[list[Text], Field(min_length=1)]
    modules: Annotated[list[Module], Field(min_length=1)]
    final_assessment: FinalAssessmentSettings = FinalAssessmentSettings()


class Choice(_Strict):
    text: Text
    feedback: Text | None = None


class Question(_Strict):
    """One quiz question, as written in a ```quiz block."""

    question: Text
    type: Literal["single", "multiple", "truefalse"]
    choices: list[Text | Choice] = Field(default_factory=list)
    answer: bool | Text | list[Text]
    explanation: Text

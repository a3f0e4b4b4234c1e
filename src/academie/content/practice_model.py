"""The schemas of the practice blocks authors write: ```atelier (a simulated assistant) and
```reperer (spot the invented, wrong or risky parts of a text).

Keys in English like ```quiz, values in French. These models are the source of the published
JSON Schemas (schemas/atelier.schema.json, schemas/reperer.schema.json); content/practice.py
adds the rules a schema cannot say (one answer holds every piece, an explanation for each
wrong segment…).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from academie.content.model import Identifier, Text

# A segment keeps its spaces: the segments are put end to end to make the text.
SegmentText = Annotated[str, StringConstraints(min_length=1)]

REQUESTS = (2, 4)
PIECES = (2, 10)
SEGMENTS = (2, 30)
DEFAULT_INSTRUCTIONS = "Sélectionnez les passages inventés, faux ou risqués, puis validez."


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Request(_Strict):
    """A candidate request of a « choose » atelier."""

    text: Text = Field(description="La demande envoyée à l’assistant.")
    answer: Text = Field(
        description="La réponse de l’assistant, écrite d’avance (texte brut, paragraphes séparés par une ligne vide)."
    )
    feedback: Text = Field(
        description="Pourquoi cette demande marche ou non : ce qui lui manque, ce qu’elle laisse fuiter."
    )
    best: bool = Field(default=False, description="La demande recommandée (une au plus).")


class AtelierChoose(_Strict):
    """```atelier with kind: choose — the learner picks one of 2 to 4 requests."""

    kind: Literal["choose"] = Field(description="choose : choisir une demande parmi 2 à 4.")
    title: Text | None = Field(default=None, description="Titre court (facultatif).")
    situation: Text = Field(description="La situation de l’apprenant.")
    requests: Annotated[list[Request], Field(min_length=REQUESTS[0], max_length=REQUESTS[1])] = Field(
        description="De 2 à 4 demandes, chacune avec sa réponse et son retour."
    )


class Piece(_Strict):
    """A piece the learner can add to the request of a « build » atelier."""

    id: Identifier = Field(description="Identifiant unique dans le bloc (minuscules et tirets).")
    label: Text = Field(description="Texte du bouton qui ajoute l’élément.")
    text: Text = Field(description="Ce que l’élément ajoute à la demande.")


class ScriptedAnswer(_Strict):
    """The answer the assistant gives to the base request plus these pieces."""

    pieces: list[Identifier] = Field(
        description="Les identifiants des éléments de la demande ([] : la demande de départ seule)."
    )
    answer: Text = Field(description="La réponse de l’assistant, écrite d’avance.")
    feedback: Text | None = Field(
        default=None,
        description="Facultatif : pourquoi cette demande donne cette réponse (ce qui manquait, ce qui a aidé).",
    )


class AtelierBuild(_Strict):
    """```atelier with kind: build — the learner adds pieces to a base request."""

    kind: Literal["build"] = Field(description="build : construire une demande élément par élément.")
    title: Text | None = Field(default=None, description="Titre court (facultatif).")
    situation: Text = Field(description="La situation de l’apprenant.")
    base: Text = Field(description="La demande de départ, avant tout élément ajouté.")
    pieces: Annotated[list[Piece], Field(min_length=PIECES[0], max_length=PIECES[1])] = Field(
        description="De 2 à 10 éléments à ajouter."
    )
    answers: Annotated[list[ScriptedAnswer], Field(min_length=1)] = Field(
        description="Les réponses écrites d’avance, dont une pour la demande complète (tous les éléments)."
    )


class Atelier(RootModel[Annotated[AtelierChoose | AtelierBuild, Field(discriminator="kind")]]):
    """A ```atelier block: a simulated assistant, no model is ever called."""


class Segment(_Strict):
    text: SegmentText = Field(description="Le passage, espaces compris : les passages sont mis bout à bout.")
    wrong: bool = Field(default=False, description="true : passage inventé, faux ou risqué, à repérer.")
    explanation: Text | None = Field(
        default=None, description="Pourquoi le passage est faux (obligatoire si wrong: true ; sinon, une note)."
    )


class Reperer(_Strict):
    """A ```reperer block: spot the invented, wrong or risky parts of a text."""

    title: Text | None = Field(default=None, description="Titre court (facultatif).")
    instructions: Text = Field(default=DEFAULT_INSTRUCTIONS, description="La consigne (facultatif).")
    counts: bool = Field(
        default=False, description="true : réussir l’exercice compte pour terminer la leçon, comme un quiz."
    )
    segments: Annotated[list[Segment], Field(min_length=SEGMENTS[0], max_length=SEGMENTS[1])] = Field(
        description="De 2 à 30 passages, dont au moins un wrong: true."
    )

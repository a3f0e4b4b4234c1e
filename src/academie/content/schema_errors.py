"""Turn pydantic validation errors into French problems that name the field and the fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import ValidationError

from academie.content.model import ID_PATTERN, Audience, Level, Sector

_ID_FIX = "utilisez des minuscules sans accent, des chiffres et des tirets, par exemple « donnees-clients »"

FIELD_FIXES: dict[str, str] = {
    "id": _ID_FIX,
    "title": "donnez un titre non vide entre guillemets",
    "description": "écrivez un résumé de 160 caractères au plus",
    "audiences": "choisissez parmi " + ", ".join(a.value for a in Audience),
    "audience": "choisissez parmi " + ", ".join(a.value for a in Audience),
    "level": "choisissez parmi " + ", ".join(lv.value for lv in Level),
    "duration": "indiquez un nombre entier de minutes, supérieur à 0",
    "objectives": "listez de 2 à 5 objectifs, chacun commençant par un verbe d’action",
    "prerequisites": "listez des identifiants de leçons, par exemple [qu-est-ce-que-l-ia]",
    "sectors": "choisissez parmi " + ", ".join(s.value for s in Sector),
    "updated": "écrivez la date de relecture au format AAAA-MM-JJ",
    "sources": "listez chaque source sous forme de texte entre guillemets",
    "pass_mark": "indiquez un pourcentage entier entre 1 et 100",
    "summary": "écrivez un résumé du parcours",
    "for": "dites en une phrase pour qui est ce parcours métier",
    "base": "indiquez le parcours de base, tpe ou pme",
    "exclude": "listez des identifiants de leçons, par exemple [feuille-de-route-ia]",
    "sector": "indiquez l’identifiant d’un parcours métier de tracks/secteurs/",
    "outcomes": "listez au moins un acquis du parcours",
    "modules": "listez les modules, chacun avec un titre (title) et ses leçons (lessons)",
    "lessons": "listez les identifiants des leçons du module",
    "final_assessment": "indiquez questions_per_lesson et pass_mark",
    "questions_per_lesson": "indiquez un nombre entier entre 1 et 10",
    "question": "écrivez l’énoncé de la question entre guillemets",
    "type": "choisissez single (une seule réponse), multiple (plusieurs) ou truefalse (vrai/faux)",
    "choices": "listez les choix, chacun un texte ou un couple text/feedback",
    "answer": "donnez le texte exact du ou des bons choix (true ou false pour un vrai/faux)",
    "explanation": "ajoutez une explication (explanation) affichée après la réponse",
    "text": "écrivez le texte du choix",
    "feedback": "écrivez le retour affiché pour ce choix",
}


def field_name(loc: Iterable[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"élément {item + 1}")
        elif (
            item in ("str", "list[str]", "Choice", "bool", "function-after[]")
            or isinstance(item, str)
            and ("[" in item or item.startswith("function"))
        ):
            continue
        else:
            parts.append(str(item))
    return " › ".join(parts) or "document"


def _named_fields(loc: tuple[Any, ...]) -> list[str]:
    return [p for p in loc if isinstance(p, str) and p in FIELD_FIXES]


def describe(error: dict[str, Any]) -> tuple[str, str]:
    """(message, fix) in French for one pydantic error."""
    loc = tuple(error.get("loc", ()))
    name = field_name(loc)
    fields = _named_fields(loc)
    fix = FIELD_FIXES.get(fields[-1], "corrigez la valeur") if fields else "corrigez la valeur"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "duration_missing":
        return (
            "champ obligatoire « duration » manquant",
            "indiquez duration (en minutes), ou bien teaching et exercises (minutes d’exposé et d’exercices, "
            "comme dans un épisode des Carpentries) : leur somme donne la durée",
        )
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant", fix
    if kind == "extra_forbidden":
        return f"champ inconnu « {name} »", "supprimez-le ou corrigez son nom (voir le schéma dans schemas/)"
    if kind == "string_too_long":
        return (f"« {name} » est trop long ({len(str(value))} caractères, {ctx.get('max_length')} au plus)", fix)
    if kind in ("string_too_short",):
        return f"« {name} » est vide", fix
    if kind in ("too_short", "too_long"):
        count = len(value) if value is not None and hasattr(value, "__len__") else "?"
        return f"« {name} » a un nombre d’éléments hors limites ({count})", fix
    if kind == "enum":
        return f"valeur « {value} » inconnue pour « {name} »", fix
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return f"identifiant « {value} » invalide", _ID_FIX
        return f"valeur « {value} » invalide pour « {name} »", fix
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        return f"valeur {value!r} hors limites pour « {name} »", fix
    if kind.startswith("int_"):
        return f"« {name} » doit être un nombre entier (trouvé : {value!r})", fix
    if kind.startswith("date_"):
        return f"date « {value} » invalide pour « {name} »", fix
    if kind == "string_type":
        return f"« {name} » doit être un texte (trouvé : {type(value).__name__})", fix
    if kind == "list_type":
        return f"« {name} » doit être une liste", fix
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"« {name} » doit être un ensemble de clés : valeurs", fix
    if kind in ("bool_type", "bool_parsing"):
        return f"« {name} » doit valoir true ou false", fix
    if kind == "literal_error":
        return f"valeur « {value} » inconnue pour « {name} »", fix
    return f"valeur invalide pour « {name} »", fix


def problems_from(
    exc: ValidationError,
    line_of: Callable[[tuple[Any, ...]], int],
    make: Callable[[int, str, str], Any],
) -> list[Any]:
    """One problem per pydantic error; unions report their most useful branch only once."""
    seen: set[tuple[int, str]] = set()
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(
            p for p in error.get("loc", ()) if not (isinstance(p, str) and ("[" in p or p in ("str", "bool", "Choice")))
        )
        line = line_of(loc)
        message, fix = describe({**error, "loc": loc})
        key = (line, ".".join(map(str, loc)))
        if key in seen:
            continue
        seen.add(key)
        out.append(make(line, message, fix))
    return out

"""Each rule of the loader and validator, on its own small content tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import lesson_text, make_project, track_text

from academie import load_catalogue
from academie.content.catalogue import format_duration


def load(tmp_path: Path, lessons: dict[str, str], tracks: dict[str, str] | None = None):
    tracks = (
        tracks
        if tracks is not None
        else {"tpe.yml": track_text("tpe", [("M", [k.split("/")[-1][:-3] for k in lessons])])}
    )
    make_project(tmp_path, lessons, tracks)
    return load_catalogue(tmp_path)


def errors(problems):
    return [str(p) for p in problems if p.is_error]


def test_a_valid_tree_loads_with_computed_durations(tmp_path):
    catalogue, problems = load(
        tmp_path,
        {
            "a/un.md": lesson_text("un", duration=12),
            "a/deux.md": lesson_text("deux", duration=20, prerequisites=("un",)),
        },
        {"tpe.yml": track_text("tpe", [("M", ["un", "deux"])])},
    )
    assert problems == []
    track = catalogue.tracks[0]
    assert [lesson.id for lesson in catalogue.track_lessons(track)] == ["un", "deux"]
    assert catalogue.track_duration(track) == 32
    position = catalogue.positions("un")[0]
    assert position.next is not None and position.next.id == "deux" and position.previous is None


def test_unclosed_front_matter_is_reported_at_line_one(tmp_path):
    text = lesson_text("un").replace("---\n\n##", "\n##")
    _, problems = load(tmp_path, {"un.md": text})
    assert any(p.startswith("content/un.md:1: en-tête YAML non fermé") for p in errors(problems))


def test_front_matter_that_is_not_yaml_names_its_line(tmp_path):
    text = lesson_text("un").replace('level: "debutant"', 'level: "debutant\n  oops: [')
    _, problems = load(tmp_path, {"un.md": text})
    found = errors(problems)
    assert len(found) == 1 and found[0].startswith("content/un.md:") and "en-tête illisible" in found[0]


def test_front_matter_that_is_a_list_is_refused(tmp_path):
    _, problems = load(tmp_path, {"un.md": "---\n- a\n- b\n---\ntexte\n"}, {})
    assert errors(problems) == [
        'content/un.md:2: l’en-tête doit être un ensemble de lignes « clé: valeur » — écrivez par exemple id: "ma-lecon" sur sa propre ligne'
    ]


def test_schema_errors_name_the_field_line_and_fix(tmp_path):
    text = lesson_text("un", duration=0).replace(
        'description: "Une leçon d’essai."', 'description: "' + "x" * 170 + '"'
    )
    _, problems = load(tmp_path, {"un.md": text})
    found = errors(problems)
    assert any(
        p.startswith("content/un.md:4: « description » est trop long (170 caractères, 160 au plus)") for p in found
    )
    assert any(
        p.startswith("content/un.md:7: valeur 0 hors limites pour « duration »") and "minutes" in p for p in found
    )


def test_unknown_level_and_bad_id(tmp_path):
    text = lesson_text("un").replace('level: "debutant"', 'level: "expert"').replace('id: "un"', 'id: "Un Deux"')
    _, problems = load(tmp_path, {"un.md": text}, {})
    found = errors(problems)
    assert any("content/un.md:2: identifiant « Un Deux » invalide" in p for p in found)
    assert any("content/un.md:6: valeur « expert » inconnue pour « level »" in p for p in found)


def test_duplicate_ids_are_reported_on_the_second_file(tmp_path):
    _, problems = load(
        tmp_path,
        {"a/un.md": lesson_text("un"), "b/un.md": lesson_text("un")},
        {"tpe.yml": track_text("tpe", [("M", ["un"])])},
    )
    assert errors(problems) == [
        "content/b/un.md:2: identifiant « un » déjà utilisé par content/a/un.md — choisissez un identifiant unique"
    ]


def test_track_naming_a_missing_lesson(tmp_path):
    _, problems = load(
        tmp_path, {"un.md": lesson_text("un")}, {"tpe.yml": track_text("tpe", [("M", ["un", "fantome"])])}
    )
    assert errors(problems) == [
        "tracks/tpe.yml:10: le parcours cite une leçon inconnue « fantome » — corrigez l’identifiant ou créez la leçon dans content/"
    ]


def test_track_listing_a_lesson_twice(tmp_path):
    _, problems = load(
        tmp_path, {"un.md": lesson_text("un")}, {"tpe.yml": track_text("tpe", [("M", ["un"]), ("N", ["un"])])}
    )
    assert any(p.startswith("tracks/tpe.yml:12: la leçon « un » figure deux fois") for p in errors(problems))


def test_prerequisite_cycle_is_one_error(tmp_path):
    lessons = {
        "a.md": lesson_text("a", prerequisites=("c",)),
        "b.md": lesson_text("b", prerequisites=("a",)),
        "c.md": lesson_text("c", prerequisites=("b",)),
    }
    _, problems = load(tmp_path, lessons, {"tpe.yml": track_text("tpe", [("M", ["a", "b", "c"])])})
    cycles = [p for p in errors(problems) if "cycle de prérequis" in p]
    assert len(cycles) == 1 and cycles[0].startswith("content/") and ":11: cycle de prérequis" in cycles[0]


def test_unknown_prerequisite(tmp_path):
    _, problems = load(tmp_path, {"un.md": lesson_text("un", prerequisites=("absente",))})
    assert errors(problems) == [
        "content/un.md:11: prérequis inconnu « absente » — corrigez l’identifiant ou retirez ce prérequis"
    ]


def test_prerequisite_must_come_earlier_in_every_track(tmp_path):
    lessons = {"un.md": lesson_text("un"), "deux.md": lesson_text("deux", prerequisites=("un",))}
    _, problems = load(tmp_path, lessons, {"tpe.yml": track_text("tpe", [("M", ["deux", "un"])])})
    assert errors(problems) == [
        "tracks/tpe.yml:9: la leçon « deux » vient avant son prérequis « un » — placez « un » avant « deux » dans ce parcours"
    ]


def test_lesson_in_no_track_is_a_warning_only(tmp_path):
    _, problems = load(
        tmp_path,
        {"un.md": lesson_text("un"), "seule.md": lesson_text("seule")},
        {"tpe.yml": track_text("tpe", [("M", ["un"])])},
    )
    assert errors(problems) == []
    assert [str(p) for p in problems] == [
        "content/seule.md:2: avertissement : la leçon « seule » n’est dans aucun parcours — ajoutez son identifiant à un module d’un fichier tracks/*.yml, "
        "ou donnez-lui le secteur d’un parcours métier (tracks/secteurs/)"
    ]


def test_yaml_aliases_are_refused(tmp_path):
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    text = lesson_text("un").replace('sources: ["faits.md"]\n', 'sources: ["faits.md"]\n' + bomb)
    _, problems = load(tmp_path, {"un.md": text})
    assert any("content/un.md:" in p and "alias" in p for p in errors(problems))


def test_file_that_is_not_utf8(tmp_path):
    make_project(tmp_path, {}, {})
    (tmp_path / "content" / "latin.md").write_bytes(
        lesson_text("latin", "Leçon àé").replace("’", "'").encode("latin-1")
    )
    _, problems = load_catalogue(tmp_path)
    assert any(p.startswith("content/latin.md:3: le fichier n’est pas encodé en UTF-8") for p in errors(problems))


def test_bom_and_crlf_are_accepted(tmp_path):
    make_project(tmp_path, {}, {"tpe.yml": track_text("tpe", [("M", ["un"])])})
    (tmp_path / "content" / "un.md").write_bytes(b"\xef\xbb\xbf" + lesson_text("un").replace("\n", "\r\n").encode())
    catalogue, problems = load_catalogue(tmp_path)
    assert problems == [] and "un" in catalogue.lessons


@pytest.mark.parametrize(
    ("minutes", "text"), [(5, "5\u00a0min"), (60, "1\u00a0h"), (225, "3\u00a0h\u00a045"), (125, "2\u00a0h\u00a005")]
)
def test_durations_read_the_french_way(minutes, text):
    assert format_duration(minutes) == text

"""The French of the lessons, checked by Grammalecte (issue 15): a finding is a warning at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_academie
from projects import lesson_text, make_project, track_text

from academie.content.grammar import GRAMMALECTE_DIR, Lexicon, read
from academie.content.prose import body_paragraphs, plain

pytestmark = pytest.mark.skipif(not GRAMMALECTE_DIR.is_dir(), reason="make test installe python3-grammalecte")

BODY = (
    "## Pourquoi c’est important\n\n"
    "Vous tenez une boulangerie à Rodez.\n"
    "Les artisans utilise un assistant pour leurs devis.\n\n"
    "```python\nles artisans utilise = 1\n```\n"
)


def project(tmp_path: Path, body: str, extra: str = "") -> Path:
    lessons = {"a/un.md": lesson_text("un", body=body, extra=extra)}
    return make_project(tmp_path, lessons, {"tpe.yml": track_text("tpe", [("M", ["un"])])})


def test_an_agreement_error_is_reported_at_its_line(tmp_path: Path):
    root = project(tmp_path, BODY)
    result = run_academie("check", "--francais", root=root)
    assert result.returncode == 0, result.stderr
    lines = (root / "content" / "a" / "un.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("Les artisans utilise un assistant pour leurs devis.") + 1
    findings = [f for f in result.stderr.splitlines() if "Grammalecte" in f]
    assert any(
        f.startswith(f"content/a/un.md:{line}: avertissement : Grammalecte : ") and "utilise" in f for f in findings
    )
    assert all(f"un.md:{line + 3}:" not in f for f in findings), "le code n’est pas relu"
    assert "Traceback" not in result.stderr


def test_another_language_is_not_checked(tmp_path: Path):
    root = project(tmp_path, BODY, extra="lang: en\n")
    result = run_academie("check", "--francais", root=root)
    assert "Grammalecte" not in result.stderr


def test_quiz_values_are_prose_and_their_keys_are_not():
    body = '```quiz\n- question: "Les artisans utilise quoi ?"\n  type: "truefalse"\n  answer: true\n```\n'
    texts = [p.text for p in body_paragraphs(body, 10)]
    assert texts == ["Les artisans utilise quoi ?"]
    assert body_paragraphs(body, 10)[0].line_at(0) == 11


def grammar_project(tmp_path: Path, body: str, lexicon: str = "", exceptions: str = "") -> Path:
    root = project(tmp_path, body)
    (root / "grammaire").mkdir(exist_ok=True)
    (root / "grammaire" / "lexique.txt").write_text(lexicon, encoding="utf-8")
    (root / "grammaire" / "exceptions.yml").write_text(exceptions or "[]\n", encoding="utf-8")
    return root


def findings(result) -> list[str]:
    return [f for f in result.stderr.splitlines() if "Grammalecte" in f or "grammaire/" in f]


# The prose extractor: what Grammalecte reads.


def test_a_list_item_keeps_its_bullet_or_number():
    body = "Pour vos données :\n\n- **un propriétaire** : un responsable ;\n2. et 3. La discussion.\n"
    assert [p.text for p in body_paragraphs(body, 1)] == [
        "Pour vos données :",
        "– un propriétaire : un responsable ;",
        "2. et 3. La discussion.",
    ]


def test_the_segments_of_a_reperer_block_are_one_text():
    body = (
        "```reperer\nsegments:\n"
        '  - text: "Je sais qu’elle a été opérée,"\n    wrong: true\n    explanation: "Une donnée de santé."\n'
        '  - text: " mais j’ai besoin d’être payé. Ajoute "\n'
        '  - text: "mon IBAN."\ncounts: true\n```\n'
    )
    paragraphs = body_paragraphs(body, 1)
    assert [p.text for p in paragraphs] == [
        "Je sais qu’elle a été opérée, mais j’ai besoin d’être payé. Ajoute mon IBAN.",
        "Une donnée de santé.",
    ]
    text = paragraphs[0].text
    assert [paragraphs[0].line_at(text.index(w)) for w in ("Je", "mais", "mon")] == [3, 6, 7]


def test_sites_and_e_mail_addresses_read_as_neutral_words():
    body = (
        "Voyez le [site 17cyber.gouv.fr](https://www.17cyber.gouv.fr), avec cnil.fr, la police.\n"
        "Écrivez à claire.girard@… ou à jm.roux@exemple.fr (https://x.fr/a).\n"
        "Le lien secure-epargne-validation.example/dossier, vite.\n"
    )
    assert [p.text for p in body_paragraphs(body, 1)] == [
        "Voyez le site, avec site, la police. Écrivez à adresse ou à adresse (). Le lien site, vite."
    ]


def test_an_editorial_bracket_inside_a_word_reads_as_the_word():
    assert plain("des contenus « pouvant être perçu[s] à tort »") == "des contenus « pouvant être perçus à tort »"
    assert plain("Bonjour [PRÉNOM], voir [la fiche](a.md)") == "Bonjour [PRÉNOM], voir la fiche"


# The lexicon and the exceptions.


def test_a_warning_names_its_rule(tmp_path: Path):
    result = run_academie("check", root=grammar_project(tmp_path, BODY))
    assert any("(« utilise ») [règle gv" in f for f in findings(result)), result.stderr


def test_a_reading_of_the_lexicon_ends_a_false_alarm_and_keeps_the_real_ones(tmp_path: Path):
    body = "## Texte\n\nL’article 4 du RIA s’applique. Les artisans utilise le RIA.\n"
    before = findings(run_academie("check", root=grammar_project(tmp_path / "a", body)))
    assert any("(« du ») [règle g3__gn_du_1m" in f for f in before), before
    after = findings(run_academie("check", root=grammar_project(tmp_path / "b", body, "RIA = règlement\n")))
    assert not any("« du »" in f or "« RIA »" in f for f in after), after
    assert any("(« utilise »)" in f for f in after), after


def test_a_name_of_several_words_is_accepted_only_whole(tmp_path: Path):
    body = "## Texte\n\nLe portail France Num aide les TPE. Le Num seul est inconnu.\n"
    result = run_academie("check", root=grammar_project(tmp_path, body, "France Num\n"))
    unknown = [f for f in findings(result) if "mot inconnu « Num »" in f]
    assert len(unknown) == 1, result.stderr


def test_an_exception_covers_its_passage_only(tmp_path: Path):
    body = (
        "## Texte\n\nCochez « Keep Activity » dans Gemini.\n\n"
        "Vous avez pensé au Chat de Mistral.\n\nTu as pensé au chien. Cochez Keep.\n"
    )
    exceptions = (
        '- regle: autre-langue\n  passage: "« Keep Activity »"\n  raison: "libellé anglais"\n'
        '- regle: orthographe\n  passage: "Gemini"\n  raison: "nom propre"\n'
        '- regle: g3__conf_panser_penser__b1_a1_1\n  passage: "Vous avez pensé au Chat"\n  raison: "l’assistant"\n'
        '- regle: orthographe\n  passage: "Bpifrance"\n  raison: "plus dans le texte"\n'
    )
    result = run_academie("check", root=grammar_project(tmp_path, body, exceptions=exceptions))
    lines = findings(result)
    assert not any("Activity" in f or "Gemini" in f for f in lines), lines
    # The same rule and the same word elsewhere are still reported.
    text = (tmp_path / "content" / "a" / "un.md").read_text(encoding="utf-8").splitlines()
    line = text.index("Tu as pensé au chien. Cochez Keep.") + 1
    assert [f.split(":")[1] for f in lines if "(« pensé »)" in f] == [str(line)], lines
    assert any("mot inconnu « Keep »" in f for f in lines), lines
    assert any("grammaire/exceptions.yml:10: avertissement : exception inutile : « Bpifrance »" in f for f in lines)


# The command: the French check runs by default.


def test_check_runs_the_french_check_by_default_and_can_skip_it(tmp_path: Path):
    root = project(tmp_path, BODY)
    for args in (("check",), ("check", "--francais")):
        assert any("(« utilise »)" in f for f in findings(run_academie(*args, root=root)))
    result = run_academie("check", "--sans-francais", root=root)
    assert result.returncode == 0, result.stderr
    assert "Grammalecte" not in result.stderr


def test_the_real_content_has_no_french_warning():
    result = run_academie("check")
    assert result.returncode == 0, result.stderr
    assert findings(result) == []


def test_a_reading_maps_back_to_the_written_words():
    lexicon = Lexicon()
    lexicon.add_reading("fichier clients", "fichier")
    reading = read("Le fichier clients et le Fichier clients.", lexicon)
    assert reading.text == "Le fichier et le Fichier."
    start = reading.text.index("Fichier")
    assert reading.original[reading.to_original(start) : reading.to_original(start + 7, end=True)] == "Fichier clients"
    assert reading.original[reading.to_original(reading.text.index("le F")) :].startswith("le Fichier clients")
    assert reading.inside_reading(start, start + 7) and not reading.inside_reading(0, 2)

"""The authors' commands on a copy of the real content: every error at once, and a build that never half-writes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import run_academie
from projects import ROOT, copy_real_project


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def break_content(root: Path) -> None:
    """Four independent mistakes an author could make."""
    content = root / "content"
    # 1. A front matter that is never closed.
    broken = content / "societe" / "se-former-a-l-ia.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("\n---\n", "\n\n", 1), encoding="utf-8")
    # 2. A duplicate id: a second file that claims the id of an existing lesson.
    original = (content / "bases" / "qu-est-ce-que-l-ia.md").read_text(encoding="utf-8")
    (content / "bases" / "copie.md").write_text(original, encoding="utf-8")
    # 3. A track naming a lesson that does not exist.
    track = root / "tracks" / "tpe.yml"
    track.write_text(
        track.read_text(encoding="utf-8").replace("[choisir-un-outil-ia,", "[lecon-fantome, choisir-un-outil-ia,"),
        encoding="utf-8",
    )
    # 4. A prerequisite cycle between two lessons that no track holds together.
    for path, other in (
        ("tpe/rediger-devis-et-e-mails.md", "feuille-de-route-ia"),
        ("pme/feuille-de-route-ia.md", "rediger-devis-et-e-mails"),
    ):
        lesson = content / path
        text = lesson.read_text(encoding="utf-8")
        text = re.sub(r"^prerequisites:.*?(?=^\w)", f'prerequisites: ["{other}"]\n', text, count=1, flags=re.M | re.S)
        lesson.write_text(text, encoding="utf-8")


def test_check_passes_on_the_real_content():
    result = run_academie("check")
    assert result.returncode == 0, result.stderr
    assert "avertissement" not in result.stdout + result.stderr


def test_four_mistakes_give_four_located_errors_in_one_run(tmp_path):
    root = copy_real_project(tmp_path / "projet")
    break_content(root)
    result = run_academie("check", root=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Errors only: the broken prerequisites may also give warnings (a sector path's excluded lesson kept).
    lines = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+: (?!avertissement)", line)]
    assert len(lines) == 4, result.stderr
    text = "\n".join(lines)
    assert re.search(r"^content/societe/se-former-a-l-ia\.md:1: en-tête YAML non fermé — ", text, re.M)
    assert re.search(
        r"^content/bases/(copie|qu-est-ce-que-l-ia)\.md:2: identifiant « qu-est-ce-que-l-ia » déjà utilisé", text, re.M
    )
    assert re.search(r"^tracks/tpe\.yml:\d+: le parcours cite une leçon inconnue « lecon-fantome »", text, re.M)
    assert re.search(r"^content/(tpe|pme)/\S+\.md:\d+: cycle de prérequis : ", text, re.M)
    assert all(" — " in line for line in lines), "every error says how to fix it"


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    root = copy_real_project(tmp_path / "projet")
    site = root / "build" / "site"
    assert run_academie("build", root=root).returncode == 0
    before = tree_digest(site)
    break_content(root)
    result = run_academie("build", root=root)
    assert result.returncode == 1
    assert "le site précédent n’a pas été modifié" in result.stderr
    assert tree_digest(site) == before
    # Beside the site, only the nginx configuration the build writes (docs/HEBERGEMENT.md).
    assert sorted(p.name for p in site.parent.iterdir()) == ["nginx.conf", "site"], "no staging folder is left behind"


def test_committed_json_schemas_are_up_to_date():
    result = run_academie("schemas", "--check")
    assert result.returncode == 0, result.stderr + "\nLancez « make schemas » et validez les fichiers de schemas/."
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == [
        "atelier.schema.json",
        "catalogue.schema.json",
        "lesson.schema.json",
        "quiz-question.schema.json",
        "reperer.schema.json",
        "sector.schema.json",
        "track.schema.json",
    ]

"""Facts with an expiry (issue 15): `review_by` in the front matter, a warning at its line once it
has passed, « Informations vérifiées le … » on every lesson page, and `academie check --revue`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import run_academie
from projects import ROOT, lesson_text, make_project, track_text

from academie.content.validate import french_date


def project(tmp_path: Path, review_by: str, updated: str = "2026-11-26") -> Path:
    text = lesson_text("outil", extra=f"review_by: {review_by}\n").replace("updated: 2026-11-26", f"updated: {updated}")
    return make_project(tmp_path, {"outils/outil.md": text}, {"tpe.yml": track_text("tpe", [("M", ["outil"])])})


def line_of(root: Path, needle: str) -> int:
    lines = (root / "content" / "outils" / "outil.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(needle))


def test_review_by_is_in_the_published_schema():
    schema = json.loads((ROOT / "schemas" / "lesson.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["review_by"]["anyOf"][0]["format"] == "date"


def test_a_past_review_date_is_a_warning_at_its_line(tmp_path: Path):
    root = project(tmp_path, "2020-01-01", updated="2019-12-01")
    result = run_academie("check", root=root)
    assert result.returncode == 0, result.stderr  # a warning: the site can still be built
    line = line_of(root, "review_by:")
    assert (
        f"content/outils/outil.md:{line}: avertissement : les faits de cette leçon devaient être revérifiés avant le 1er"
        in (result.stderr)
    )
    assert "Traceback" not in result.stderr and "1 avertissement(s)" in result.stdout


def test_a_review_date_more_than_six_months_ahead_is_a_warning(tmp_path: Path):
    far = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    root = project(tmp_path, far, updated=dt.date.today().isoformat())
    result = run_academie("check", root=root)
    assert (
        f"outil.md:{line_of(root, 'review_by:')}: avertissement : review_by ({far}) est à plus de six mois"
        in result.stderr
    )


def test_a_future_review_date_within_six_months_is_quiet_and_listed_when_due(tmp_path: Path):
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    root = project(tmp_path, soon, updated=dt.date.today().isoformat())
    result = run_academie("check", root=root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    review = run_academie("check", "--revue", root=root)
    assert review.returncode == 0
    assert "content/outils/outil.md: à revérifier avant le" in review.stdout and "(bientôt)" in review.stdout
    assert "1 leçon(s) à revérifier" in review.stdout


def test_french_dates_read_as_french():
    assert french_date(dt.date(2026, 12, 4)) == "4\u00a0décembre\u00a02026"
    assert french_date(dt.date(2027, 3, 1)) == "1er\u00a0mars\u00a02027"


def test_every_lesson_page_says_when_its_facts_were_checked(site: Path):
    page = (site / "tpe" / "rediger-devis-et-e-mails" / "index.html").read_text(encoding="utf-8")
    assert "Informations vérifiées le" in page

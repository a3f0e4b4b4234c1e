"""The weight of a lesson's first visit, measured in Chromium by bench/weight.py: 100 kB gzip at most,
all in (everything fetched without any action of the learner; the search index waits for a search)."""

from __future__ import annotations

import re
import sys

import pytest
from projects import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from weight import BUDGET, LESSON, kb, lesson_path, measure, table


@pytest.mark.browser
def test_a_lesson_first_visit_stays_within_100_kb_gzip(browser, site_url):
    weights = measure(browser, site_url, lesson_path(ROOT, LESSON))
    print(f"\nPremière visite de la leçon « {LESSON} » :\n{table(weights)}")
    # What a learner's browser gets is all counted: the page, Material's and the Académie's files,
    # and the search worker that starts with the page.
    assert len(weights.files["HTML"]) == 1
    # The platform's style sheet, under its fingerprinted name (docs/HEBERGEMENT.md).
    assert any(re.search(r"/assets/academie\.[0-9a-f]{10}\.css$", url) for url in weights.files["CSS"])
    assert any(url.endswith("/assets/search/academie-search.js") for url in weights.files["JavaScript"])
    assert weights.files["index de recherche"] == {}, "the search index waits for the first search"
    assert weights.first_load <= BUDGET, (
        f"{kb(weights.first_load)} gzip à la première visite, pour un budget de {kb(BUDGET)} :\n{table(weights)}"
    )

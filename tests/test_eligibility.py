"""« Mon entreprise est-elle éligible au diagnostic IA ? » in headless Chromium: answers read as a person reads them."""

from __future__ import annotations

import datetime
import re

import pytest

pytestmark = pytest.mark.browser

PAGE = "/pages/eligibilite-diagnostic/"


def normalise(text: str) -> str:
    """Ordinary, no-break and narrow no-break spaces all become one ordinary space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def months_ago(months: int) -> tuple[int, int]:
    """(month, year) of the creation date of a firm that is `months` old today."""
    today = datetime.date.today()
    total = today.year * 12 + (today.month - 1) - months
    return total % 12 + 1, total // 12


def check(
    page,
    site_url: str,
    *,
    category: str = "pme",
    age_months: int = 24,
    revenue: str = "3 000 000",
    staff: str = "",
    quote: str = "",
) -> str:
    """Fill the form with the keyboard-reachable controls, press « Vérifier », return the visible result."""
    page.goto(f"{site_url}{PAGE}")
    month, year = months_ago(age_months)
    page.get_by_label(
        {
            "tpe": "TPE ou micro-entreprise",
            "pme": "PME",
            "eti": "ETI (entreprise de taille intermédiaire)",
            "ge": "Grande entreprise",
        }[category],
        exact=True,
    ).check()
    page.get_by_label("Mois de création").select_option(str(month))
    page.get_by_label("Année de création").fill(str(year))
    page.get_by_label("Chiffre d’affaires du dernier exercice, en euros").fill(revenue)
    page.get_by_label("Effectif, en nombre de personnes (facultatif)").fill(staff)
    page.get_by_label("Montant du devis reçu pour le diagnostic, en euros (facultatif)").fill(quote)
    page.get_by_role("button", name="Vérifier").click()
    result = page.locator("#academie-eligibility-result")
    result.locator("p").first.wait_for()
    return normalise(result.inner_text())


def test_two_year_old_pme_with_3_million_is_eligible_with_40_percent(offline_page, site_url):
    text = check(offline_page, site_url, category="pme", age_months=24, revenue="3 000 000", staff="45")
    assert "Votre entreprise semble éligible au diagnostic IA" in text
    assert "âge : au moins un an — OK" in text
    assert "chiffre d’affaires : au moins 1 million d’euros — OK" in text
    assert "catégorie : PME ou ETI — OK" in text
    assert "Part financée : 40 %" in text
    assert "juillet 2025" in text and "Présentation du plan Osez l’IA" in text
    assert "contactez Bpifrance avant de vous engager" in text
    assert offline_page.blocked_requests == []


def test_six_month_old_firm_is_not_eligible_because_of_its_age(offline_page, site_url):
    text = check(offline_page, site_url, age_months=6, revenue="3 000 000")
    assert "ne semble pas éligible" in text
    assert "âge : au moins un an — non atteint (votre entreprise a 6 mois)" in text
    assert "chiffre d’affaires : au moins 1 million d’euros — OK" in text


def test_firm_with_500_thousand_euros_is_not_eligible_because_of_its_revenue(offline_page, site_url):
    text = check(offline_page, site_url, age_months=36, revenue="500000")
    assert "ne semble pas éligible" in text
    assert "chiffre d’affaires : au moins 1 million d’euros — non atteint (vous avez indiqué 500 000 €)" in text
    assert "âge : au moins un an — OK" in text


def test_a_tpe_is_pointed_to_france_num_and_the_cci(offline_page, site_url):
    text = check(offline_page, site_url, category="tpe", revenue="1 200 000")
    assert "ne semble pas éligible" in text
    assert "catégorie : PME ou ETI — non atteint" in text
    assert "France Num" in text and "CCI" in text


def test_a_quote_of_20_000_euros_shows_8_000_euros_funded(offline_page, site_url):
    text = check(offline_page, site_url, quote="20 000")
    assert "8 000 € financés" in text
    assert "12 000 € restant à votre charge" in text
    assert "estimation" in text.lower()


def test_a_revenue_that_is_not_a_number_shows_a_french_error_next_to_the_field(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}{PAGE}")
    page.get_by_label("PME", exact=True).check()
    month, year = months_ago(24)
    page.get_by_label("Mois de création").select_option(str(month))
    page.get_by_label("Année de création").fill(str(year))
    field = page.get_by_label("Chiffre d’affaires du dernier exercice, en euros")
    field.fill("beaucoup")
    page.get_by_role("button", name="Vérifier").click()
    error = page.locator("#elig-ca-erreur")
    assert error.is_visible()
    assert "Le chiffre d’affaires doit être un nombre en euros" in normalise(error.inner_text())
    assert field.get_attribute("aria-invalid") == "true"
    assert "elig-ca-erreur" in (field.get_attribute("aria-describedby") or "").split()
    assert page.evaluate("document.activeElement.id") == "elig-ca"
    summary = normalise(page.locator("#academie-eligibility-result").inner_text())
    assert "Le formulaire contient une erreur" in summary
    assert "éligible" not in summary
    # Corrected, the error goes away and the answer comes.
    field.fill("2 500 000")
    field.press("Enter")
    page.locator("#academie-eligibility-result", has_text="semble éligible").wait_for()
    assert not error.is_visible()
    assert field.get_attribute("aria-invalid") is None


def test_the_form_works_with_the_keyboard_alone(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}{PAGE}")
    month, year = months_ago(30)
    page.locator("#elig-cat-tpe").focus()
    page.keyboard.press("ArrowDown")  # TPE → PME: arrows move between radio buttons
    assert page.locator("#elig-cat-pme").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "elig-mois"
    page.locator("#elig-mois").select_option(str(month))
    for key, value in (("Tab", str(year)), ("Tab", "1,5 M"), ("Tab", ""), ("Tab", "")):
        page.keyboard.press(key)
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Vérifier"
    page.keyboard.press("Enter")
    text = normalise(page.locator("#academie-eligibility-result").inner_text())
    assert "semble éligible" in text and "vous avez indiqué 1 500 000 €" in text


def test_without_javascript_the_conditions_are_stated_in_plain_text(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{site_url}{PAGE}")
        body = normalise(page.locator("article").inner_text())
        assert "au moins un an d’existence" in body
        assert "chiffre d’affaires d’au moins 1 million d’euros" in body
        assert "40 %" in body and "Bpifrance" in body
        assert page.locator(".academie-eligibility-nojs").is_visible()
        assert not page.locator("#academie-eligibility-form").is_visible()
    finally:
        context.close()

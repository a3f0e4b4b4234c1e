"""The built site served by Debian's nginx as `make serve-prod` runs it: security headers, precompressed
and fingerprinted files, HTTP redirects of the short links, the French 404 page, the pages working
under the header policy in Chromium; and the learner's progress through quiz changes, older export
files, browsers that refuse storage, and two open tabs."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from projects import ROOT
from test_accessibility import KINDS, RECORD_VIOLATIONS, Kind, kind_url, open_kind  # noqa: F401 (kind_url: a fixture)
from test_quiz_browser import answer_all, done_lessons_on_syllabus, import_file, lesson_url, pass_quiz

from academie.site.fingerprints import quiz_fingerprint, rewrite_references
from academie.site.serving import Nginx, free_port, header_policy, page_policy

V1_EXPORT = ROOT / "tests" / "fixtures" / "progression-v1.json"
KEY = "academie-ia:progression"


@pytest.fixture(scope="session")
def nginx_url(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site behind nginx on a free loopback port (no trailing slash, like site_url)."""
    with Nginx(site, tmp_path_factory.mktemp("nginx"), free_port()) as server:
        yield server.url.rstrip("/")


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


# ---------- HTTP ----------


def test_a_lesson_answers_with_its_policy_and_the_security_headers(nginx_url, site, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    status, headers, body = fetch(lesson_url(nginx_url, lesson))
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    # The same policy as the page's own <meta>, which a header can only complete.
    assert policy == header_policy(page_policy(body.decode("utf-8")))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cache-control"] == "no-cache", "pages are revalidated at each visit"


def test_the_platform_style_sheet_is_fingerprinted_precompressed_and_kept_a_year(nginx_url, site):
    home = (site / "index.html").read_text(encoding="utf-8")
    sheets = re.findall(r'href="(assets/academie\.[0-9a-f]{10}\.css)"', home)
    scripts = re.findall(r'src="(assets/academie(?:-progression)?\.[0-9a-f]{10}\.js)"', home)
    assert len(sheets) == 1 and len(scripts) == 2, "the pages load the fingerprinted files"
    assert 'href="assets/academie.css"' not in home
    status, headers, body = fetch(f"{nginx_url}/{sheets[0]}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["content-type"].startswith("text/css")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff"
    assert body[:2] == b"\x1f\x8b"
    # Material's own bundles are fingerprinted too, and kept as long.
    bundle = re.search(r'src="(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', home)
    assert bundle, "Material's bundle"
    assert fetch(f"{nginx_url}/{bundle[1]}")[1]["cache-control"].endswith("immutable")
    # A file without fingerprint is kept an hour only.
    assert fetch(f"{nginx_url}/catalogue.json")[1]["cache-control"] == "public, max-age=3600"


def test_downloads_and_data_are_sent_with_their_types(nginx_url, site):
    expected = {
        ".ipynb": "application/x-ipynb+json",
        ".gift": "text/plain",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
        ".csv": "text/csv",
    }
    for suffix, kind in expected.items():
        path = next(p for p in sorted(site.rglob(f"*{suffix}")) if p.is_file())
        status, headers, _ = fetch(f"{nginx_url}/{path.relative_to(site).as_posix()}")
        assert status == 200, path
        assert headers["content-type"].split(";")[0] == kind, path


def test_short_links_are_permanent_http_redirects(nginx_url, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    target = "/" + lesson.source.removesuffix(".md") + "/"
    for path in (f"/l/{lesson.id}/", f"/l/{lesson.id}"):
        status, headers, _ = fetch(nginx_url + path)
        assert (status, headers["location"]) == (301, target), path
    status, headers, _ = fetch(f"{nginx_url}/p/tpe/")
    assert (status, headers["location"]) == (301, "/parcours/tpe/")
    assert fetch(nginx_url + target)[0] == 200


def test_an_unknown_address_answers_404_with_the_french_page(nginx_url, catalogue):
    status, headers, body = fetch(f"{nginx_url}/cette/page/n-existe/pas/")
    text = body.decode("utf-8")
    assert status == 404
    assert "Page introuvable" in text and "404 - Not found" not in text
    assert 'name="q"' in text, "the search"
    for track in catalogue.tracks:
        assert f'href="/parcours/{track.id}/"' in text, track.id
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_serve_prod_runs_nginx_in_the_foreground_on_the_chosen_port(site, catalogue):
    """What `make serve-prod PORT=…` runs once the site is built: nginx itself, in the foreground."""
    port = free_port()
    command = [sys.executable, "-m", "academie.site.serving", str(site), "--port", str(port), "--host", "127.0.0.1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while True:  # until nginx listens, or stops
            assert process.poll() is None, process.communicate()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        status, headers, _ = fetch(lesson_url(f"http://127.0.0.1:{port}", catalogue.lessons["qu-est-ce-que-l-ia"]))
        assert status == 200 and "frame-ancestors 'none'" in headers["content-security-policy"]
    finally:
        process.send_signal(signal.SIGQUIT)  # the signal nginx stops gracefully on
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert f"http://127.0.0.1:{port}/" in out


def test_the_build_writes_the_nginx_configuration_beside_the_site(site):
    config = (site.parent / "nginx.conf").read_text(encoding="utf-8")
    assert f'root "{site.resolve()}";' in config
    assert "gzip_static on;" in config
    assert "\nuser " not in config, "the hosts' file runs nginx's workers as nginx's default user, never as root"
    assert '"/l/qu-est-ce-que-l-ia/"' in config
    assert (site / "index.html.gz").is_file() and (site / "search" / "search_index.json.gz").is_file()


def test_a_page_is_pointed_at_the_fingerprinted_files_and_at_nothing_else():
    renamed = {
        "assets/academie.css": "assets/academie.0123456789.css",
        "assets/academie.js": "assets/academie.abcdef0123.js",
    }
    page = (
        '<link rel="stylesheet" href="../../assets/academie.css">'
        '<script src="../../assets/academie.js?v=2"></script>'
        '<a href="../../assets/academie.css#x">feuille</a>'
        '<a href="../../assets/academie.css.map">carte</a><a href="../../assets/monacademie.css">autre</a>'
        '<a href="../../outils/academie.css">ailleurs</a><a href="https://exemple.fr/assets/academie.css">site</a>'
        '<a href="/assets/academie.css">absolu</a><a href="../../">accueil</a>'
    )
    assert rewrite_references(page, "outils/lecon", renamed) == (
        '<link rel="stylesheet" href="../../assets/academie.0123456789.css">'
        '<script src="../../assets/academie.abcdef0123.js?v=2"></script>'
        '<a href="../../assets/academie.0123456789.css#x">feuille</a>'
        '<a href="../../assets/academie.css.map">carte</a><a href="../../assets/monacademie.css">autre</a>'
        '<a href="../../outils/academie.css">ailleurs</a><a href="https://exemple.fr/assets/academie.css">site</a>'
        '<a href="/assets/academie.css">absolu</a><a href="../../">accueil</a>'
    )
    # At the site's root, the same file is reached without « ../ ».
    assert rewrite_references('<link href="assets/academie.css">', "", renamed) == (
        '<link href="assets/academie.0123456789.css">'
    )


def test_a_page_s_policy_is_its_first_policy_meta_that_a_browser_obeys():
    meta = '<meta http-equiv="Content-Security-Policy" content="{}">'
    assert page_policy(f"<html><head><meta charset=utf-8>{meta.format('a')}{meta.format('b')}</head>") == "a"
    # Not a policy: in a comment, in a script, in another attribute, or in the body.
    commented = f"<head><!-- {meta.format('x')} -->{meta.format('y &amp; z')}</head>"
    assert page_policy(commented) == "y & z"
    assert page_policy(f"<head><script>var s = '{meta.format('q')}';</script></head>") is None
    assert page_policy(f'<head><meta name="note" content="content-security-policy">{meta.format("c")}</head>') == "c"
    assert page_policy(f"<head><title>t</title></head><body>{meta.format('d')}</body>") is None


def test_the_quiz_fingerprint_follows_the_quiz_only(catalogue):
    from dataclasses import replace

    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    same = quiz_fingerprint(lesson)
    assert re.fullmatch(r"[0-9a-f]{10}", same)
    first = lesson.quizzes[0]
    question = replace(first.questions[0], line=first.questions[0].line + 7)
    moved = replace(lesson, quizzes=(replace(first, questions=(question, *first.questions[1:])), *lesson.quizzes[1:]))
    assert quiz_fingerprint(moved) == same, "moving the quiz in the file changes nothing"
    reworded = replace(question, text=question.text + " (révisée)")
    changed = replace(lesson, quizzes=(replace(first, questions=(reworded, *first.questions[1:])), *lesson.quizzes[1:]))
    assert quiz_fingerprint(changed) != same


# ---------- Chromium under the header policy ----------


def served_page(browser, nginx_url: str, **options) -> Page:
    context = browser.new_context(locale="fr-FR", **options)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda m: page.console_errors.append(m.text) if m.type == "error" else None,  # type: ignore[attr-defined]
    )
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))  # type: ignore[attr-defined]
    return page


WEBSITE_KINDS = [kind for kind in KINDS if not kind.pack]


@pytest.mark.browser
@pytest.mark.parametrize("kind", WEBSITE_KINDS, ids=str)
def test_every_page_kind_works_under_the_header_policy(browser, nginx_url, site_url, kind_url, kind: Kind):  # noqa: F811
    page = served_page(browser, nginx_url)
    url = kind_url(kind).replace(site_url, nginx_url, 1)
    response = page.request.get(url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    open_kind(page, url, kind)
    page.wait_for_timeout(250)  # refusals are reported in a task of their own
    assert page.evaluate("window.__cspViolations") == []
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.browser
def test_the_404_page_search_opens_the_site_search(browser, nginx_url):
    page = served_page(browser, nginx_url)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{nginx_url}/une/adresse/perdue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    assert failed == [f"{nginx_url}/une/adresse/perdue/"], "every file of the 404 page is found, at any depth"
    page.console_errors.clear()  # type: ignore[attr-defined]  # the page's own 404
    page.get_by_label("Mots à chercher").fill("devis")
    page.get_by_label("Mots à chercher").press("Enter")
    expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=15_000)
    assert page.evaluate("window.__cspViolations") == []
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.context.close()


# ---------- learner progress ----------


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "null")


@pytest.mark.browser
def test_a_lesson_whose_quiz_changed_stays_done_and_says_so(browser, nginx_url, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    page = served_page(browser, nginx_url)
    page.goto(lesson_url(nginx_url, lesson))
    record = {
        "format": "academie-ia-progression",
        "version": 2,
        "lessons": {lesson.id: {"done": True, "date": "2026-11-20", "how": "quiz", "quiz": "0123456789"}},
        "assessments": {},
    }
    page.evaluate("([key, record]) => localStorage.setItem(key, JSON.stringify(record))", [KEY, record])
    page.reload()
    expect(page.locator(".academie-status-done")).to_be_visible()
    notice = page.locator(".academie-quiz-changed")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Le quiz de cette leçon a changé depuis que vous l’avez réussi")
    expect(notice).to_contain_text("La leçon reste terminée")
    # Passing the new quiz takes its fingerprint: the notice goes.
    pass_quiz(page, lesson_url(nginx_url, lesson))
    expect(notice).to_be_hidden()
    assert stored(page)["lessons"][lesson.id]["quiz"] == quiz_fingerprint(lesson)
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.browser
def test_the_previous_releases_export_imports(browser, nginx_url, catalogue):
    page = served_page(browser, nginx_url)
    page.goto(f"{nginx_url}/progression/")
    assert import_file(page, V1_EXPORT) == "Progression importée : 2 leçons terminées."
    record = stored(page)
    assert record["version"] == 2 and record["assessments"]["tpe"]["score"] == 85
    page.goto(f"{nginx_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) >= {"qu-est-ce-que-l-ia"}
    page.goto(lesson_url(nginx_url, catalogue.lessons["donnees-personnelles-rgpd"]))
    expect(page.locator(".academie-status-done")).to_be_visible()
    expect(page.locator(".academie-quiz-changed")).to_be_hidden()
    # Passed before quizzes had fingerprints: the lesson takes the current one, no notice.
    assert stored(page)["lessons"]["donnees-personnelles-rgpd"]["quiz"] == quiz_fingerprint(
        catalogue.lessons["donnees-personnelles-rgpd"]
    )
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.context.close()


REFUSE_STORAGE = """
for (const name of ['getItem', 'setItem', 'removeItem', 'clear', 'key']) {
  Storage.prototype[name] = function () { throw new DOMException('Stockage refusé', 'SecurityError'); };
}
"""


@pytest.mark.browser
def test_without_storage_a_quiz_is_scored_and_a_notice_offers_the_export(browser, nginx_url, catalogue, tmp_path):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    page = served_page(browser, nginx_url, accept_downloads=True)
    page.context.add_init_script(REFUSE_STORAGE)
    page.goto(lesson_url(nginx_url, lesson))
    notice = page.locator(".academie-storage-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Votre progression ne peut pas être gardée dans ce navigateur")
    forms = page.locator("form[data-academie-quiz]").all()
    for form in forms:
        answer_all(form, correctly=True)
        form.get_by_role("button", name="Valider").click()
        expect(form.locator(".academie-quiz-score")).to_contain_text("Score")
        expect(form.locator(".academie-question-result").first).to_be_visible()
    expect(page.locator(".academie-status-done")).to_be_visible()
    with page.expect_download() as download:
        notice.get_by_role("button", name="Exporter ma progression").click()
    saved = tmp_path / "progression.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["lessons"][lesson.id]["done"] is True
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.browser
def test_two_tabs_completing_different_lessons_both_keep_their_completion(browser, nginx_url, catalogue):
    first, second = catalogue.lessons["qu-est-ce-que-l-ia"], catalogue.lessons["donnees-personnelles-rgpd"]
    one = served_page(browser, nginx_url)
    two = one.context.new_page()
    one.goto(lesson_url(nginx_url, first))
    two.goto(lesson_url(nginx_url, second))
    for page in (one, two):  # both tabs are open before either writes
        for form in page.locator("form[data-academie-quiz]").all():
            answer_all(form, correctly=True)
            form.get_by_role("button", name="Valider").click()
        expect(page.locator(".academie-status-done")).to_be_visible()
    lessons = stored(one)["lessons"]
    assert lessons[first.id]["done"] and lessons[second.id]["done"]
    one.goto(f"{nginx_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(one) >= {first.id, second.id}
    one.context.close()

"""Shared fixtures: one build of the real site per test session, a local web server, Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from projects import ROOT

from academie import load_catalogue
from academie.site.packs import pack_name

sys.path.insert(0, str(ROOT / "bench"))
# One small local web server for the tests and for bench/weight.py, which cannot import fixtures.
from weight import QuietHandler, serve  # noqa: F401 (QuietHandler: tests/test_quiz_browser.py)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_academie(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "academie.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content/ and tracks/ built once, as `make build` does."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_academie("build", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return out


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def catalogue():
    """The real catalogue (content/ and tracks/)."""
    return load_catalogue(ROOT)[0]


TRACK_IDS = ("tpe", "pme", "grand-public")


@pytest.fixture(scope="session")
def unzipped(site: Path, tmp_path_factory) -> dict[str, Path]:
    """Every track's offline pack, unzipped as a trainer does."""
    folders = {}
    for track_id in TRACK_IDS:
        folder = tmp_path_factory.mktemp(f"paquet-{track_id}")
        with zipfile.ZipFile(site / "telechargements" / pack_name(track_id)) as archive:
            archive.extractall(folder)
        folders[track_id] = folder
    return folders


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium est absent : lancez « make test », qui l’installe depuis Debian.")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def guarded_page(browser, allowed: tuple[str, ...], **context_options):
    """A new page whose requests outside the `allowed` URL prefixes are blocked and recorded in
    `page.blocked_requests`. Close it with `page.context.close()`."""
    context = browser.new_context(locale="fr-FR", **context_options)
    blocked: list[str] = []

    def route(route, request):
        if request.url.startswith((*allowed, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked_requests = blocked  # type: ignore[attr-defined]
    return page


@pytest.fixture()
def offline_page(browser, site_url: str):
    """A page whose requests to any origin other than the local site are blocked and recorded."""
    page = guarded_page(browser, (site_url,))
    yield page
    page.context.close()

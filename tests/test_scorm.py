"""Each track as a SCORM 1.2 package (issue 19), loaded the way an LMS runs it.

The LMS side is scorm-again's `Scorm12API` (npm), set as `window.API` in the page that frames the
package's launch page, as Moodle does. The package is unzipped and served over HTTP from the same
origin as that page; every request outside the package (and the LMS page) is blocked and recorded.
The LMS page keeps the committed CMI data across a reload (as an LMS keeps it on its server) and
hands it back to scorm-again before the next launch.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import guarded_page
from projects import ROOT
from weight import serve

from academie.site.scorm import scorm_name

TRACK_IDS = ("tpe", "pme", "grand-public")
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"

# The LMS: scorm-again as window.API, the CMI data kept in sessionStorage between two launches
# (an LMS keeps it on its server), and the package's launch page in a frame.
LMS_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>LMS d’essai</title>
<script src="scorm12.js"></script>
<script>
  window.commits = 0;
  window.API = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
  var saved = sessionStorage.getItem("cmi");
  if (saved) { window.API.loadFromJSON(JSON.parse(saved)); window.API.cmi.core.entry = "resume"; }
  window.sets = [];
  var setValue = window.API.LMSSetValue.bind(window.API);
  window.API.LMSSetValue = function (element, value) { window.sets.push([element, value]); return setValue(element, value); };
  window.API.on("LMSCommit", function () {
    window.commits += 1;
    sessionStorage.setItem("cmi", JSON.stringify(window.API.renderCMIToJSONObject().cmi));
  });
</script></head>
<body><iframe id="lms-cadre" title="Cours" src="paquet/scorm.html" style="width:100%;height:90vh"></iframe></body></html>
"""


def package_path(site: Path, track_id: str) -> Path:
    return site / "telechargements" / scorm_name(track_id)


@pytest.fixture(scope="module")
def lms(site: Path, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package_path(site, "tpe")) as archive:
        archive.extractall(folder / "paquet")
    shutil.copy2(SCORM_AGAIN, folder / "scorm12.js")
    (folder / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    with serve(folder) as url:
        yield url


def cmi(page, element: str) -> str:
    return str(page.evaluate(f"() => String(window.API.LMSGetValue('{element}'))"))


@pytest.mark.parametrize("track_id", TRACK_IDS)
def test_each_manifest_is_well_formed_and_lists_exactly_the_files_of_its_zip(site: Path, track_id: str, catalogue):
    with zipfile.ZipFile(package_path(site, track_id)) as archive:
        names = set(archive.namelist())
        root = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    assert root.tag == f"{{{NS['cp']}}}manifest"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    identifiers = [node.get("identifier") for node in root.iter() if node.get("identifier")]
    assert len(identifiers) == len(set(identifiers)), "identifiers are unique"
    resources = root.findall("cp:resources/cp:resource", NS)
    assert [r.get(f"{{{NS['adlcp']}}}scormtype") for r in resources] == ["sco"]
    assert resources[0].get("href") == "scorm.html"
    listed = {f.get("href") for f in resources[0].findall("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}, "every file listed is in the ZIP, and every file of the ZIP is listed"
    # The organisation is the track's outline: its modules, then its lessons.
    track = catalogue.track(track_id)
    titles = [node.text for node in root.iter(f"{{{NS['cp']}}}title")]
    for module in track.modules:
        assert any(module.title in (title or "") for title in titles)
    assert sum(1 for i in identifiers if i.startswith("lecon-")) == len(catalogue.track_lessons(track))


def test_the_package_is_reproducible_and_listed_on_the_downloads_page(site: Path):
    page = (site / "telechargements" / "index.html").read_text(encoding="utf-8")
    for track_id in TRACK_IDS:
        assert scorm_name(track_id) in page
    # Same bytes as the pack for the pages the learner reads: the pack plus two files.
    with zipfile.ZipFile(package_path(site, "tpe")) as archive:
        assert {"scorm.html", "imsmanifest.xml", "index.html", "assets/academie-scorm.js"} <= set(archive.namelist())
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.browser
def test_an_lms_records_progress_location_completion_and_score(browser, lms: str, catalogue):
    page = guarded_page(browser, (lms,))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    track = catalogue.track("tpe")
    lessons = catalogue.track_lessons(track)
    try:
        # Launch: initialised, « incomplete ».
        page.goto(f"{lms}/lms.html")
        page.wait_for_function("() => window.API.isInitialized() && window.commits > 0")
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        course = page.frame_locator("#lms-cadre").frame_locator("#academie-scorm-cadre")

        # A lesson's quiz passed: suspend_data and lesson_location updated and committed.
        course.locator(f"a[data-lesson-id='{lessons[0].id}']").click()
        course.locator("form[data-academie-quiz]").first.wait_for()
        commits = page.evaluate("window.commits")
        for form in course.locator("form[data-academie-quiz]").all():  # every quiz of the lesson, passed
            for fieldset in form.locator("fieldset.academie-question").all():
                for choice in fieldset.locator("input[data-correct]").all():
                    choice.check()
            form.get_by_role("button", name="Valider").click()
        # The first lesson's bit is set in suspend_data (« w » = 100000), and committed.
        page.wait_for_function(
            f"() => window.commits > {commits} && window.API.cmi.suspend_data.split('.')[1].startsWith('w')"
        )
        location = cmi(page, "cmi.core.lesson_location")
        assert location == lessons[0].source.removesuffix(".md") + ".html"
        saved = cmi(page, "cmi.suspend_data")

        # Reload with this browser's progress gone: the LMS's suspend_data brings it back.
        page.evaluate("() => localStorage.clear()")
        page.reload()
        page.wait_for_function("() => window.API.isInitialized()")
        assert cmi(page, "cmi.suspend_data") == saved
        course = page.frame_locator("#lms-cadre").frame_locator("#academie-scorm-cadre")
        course.locator("h1").first.wait_for()
        assert lessons[0].title in course.locator("h1").first.inner_text(), "resumed at the last lesson"
        restored = page.evaluate("() => JSON.parse(localStorage.getItem('academie-ia:progression')).lessons")
        assert restored[lessons[0].id]["done"] is True

        # Every lesson done (as the learner would with « J’ai terminé cette leçon »): at least « completed ».
        course.locator("body").evaluate(
            """(body, ids) => {
                const data = JSON.parse(localStorage.getItem('academie-ia:progression'));
                ids.forEach(id => { data.lessons[id] = { done: true, date: '2026-12-04', how: 'button' }; });
                localStorage.setItem('academie-ia:progression', JSON.stringify(data));
            }""",
            [lesson.id for lesson in lessons],
        )
        page.wait_for_function("() => window.API.cmi.core.lesson_status === 'completed'")

        # The final evaluation passed: « passed », with the score.
        course.locator("a[href$='evaluation.html']").first.click()
        course.get_by_role("button", name="Commencer l’évaluation").click()
        form = course.locator(".academie-assessment-form")
        for fieldset in form.locator("fieldset.academie-question").all():
            for choice in fieldset.locator("input[data-correct]").all():
                choice.check()
        form.get_by_role("button", name="Valider").click()
        page.wait_for_function("() => window.API.cmi.core.lesson_status === 'passed'")
        assert cmi(page, "cmi.core.score.raw") == "100"
        assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")

        # Leaving: session time set, committed and finished.
        page.evaluate("() => document.getElementById('lms-cadre').remove()")
        page.wait_for_function("() => window.API.isTerminated()")
        times = page.evaluate("window.sets.filter(s => s[0] === 'cmi.core.session_time').map(s => s[1])")
        assert times and re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", times[-1]), times
    finally:
        blocked = page.blocked_requests
        page.context.close()
    assert blocked == [], "no request leaves the package"
    assert errors == []


@pytest.mark.browser
def test_suspend_data_fits_scorm_12_at_any_track_size(browser, lms: str, catalogue):
    page = guarded_page(browser, (lms,))
    try:
        page.goto(f"{lms}/paquet/scorm.html")
        page.wait_for_function("() => window.academieScorm !== undefined")
        assert page.evaluate("window.academieScorm.connected") is False, "no LMS: the pack as it is"
        home = page.frame_locator("#academie-scorm-cadre").locator("h1").first
        assert "Parcours TPE" in home.inner_text()
        largest = max(len(catalogue.track_lessons(t)) for t in catalogue.tracks)
        for count in (largest, 1000):
            encoded = page.evaluate(
                "n => window.academieScorm.encode(Array(n).fill(true), { score: 100, passed: true })", count
            )
            assert len(encoded) < 4096, (count, len(encoded))
        # What is written is read back the same.
        state = page.evaluate(
            """() => {
                const n = JSON.parse(document.getElementById('academie-scorm-data').textContent).lessons.length;
                const flags = Array.from({ length: n }, (_, i) => i % 3 === 0);
                const back = window.academieScorm.decode(window.academieScorm.encode(flags, { score: 85, passed: false }));
                return { same: JSON.stringify(back.done) === JSON.stringify(flags), assessment: back.assessment };
            }"""
        )
        assert state == {"same": True, "assessment": {"score": 85, "passed": False}}
    finally:
        page.context.close()

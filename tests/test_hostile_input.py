"""Hostile and broken input: every case of tests/hostile/ gives its own French `path:line` error in one
`academie check`, exits 1 fast with no traceback, and a failed `academie build` leaves build/site as it was.
Random front matter and quiz YAML (Hypothesis) always end as a lesson or as reported problems, never as an exception."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import run_academie
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import lesson_text, make_project
from test_cli import tree_digest

from academie import load_catalogue
from academie.content.safety import lesson_findings

CORPUS = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
BIG_LESSON_BYTES = 10_000_000


def write_generated_cases(root: Path) -> None:
    """The cases too big to keep in the repository, or that are symbolic links."""
    header = lesson_text("enorme", body="## Texte\n\n").encode()
    line = b"Une phrase de trop dans une lecon beaucoup trop longue.\n"
    filler = (line * (BIG_LESSON_BYTES // len(line) + 1))[: BIG_LESSON_BYTES - len(header)]
    (root / "content" / "enorme.md").write_bytes(header + filler)
    (root / "content" / "carnets" / "imbrique.ipynb").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    # A valid lesson outside content/: if the link were followed, it would load (and be published).
    (root / "notes-privees.md").write_text(lesson_text("notes-privees"), encoding="utf-8")
    (root / "content" / "liens").mkdir()
    (root / "content" / "liens" / "dehors.md").symlink_to(Path("..") / ".." / "notes-privees.md")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), {}, {})
    shutil.copytree(CORPUS / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(CORPUS / "tracks", root / "tracks", dirs_exist_ok=True)
    write_generated_cases(root)
    assert (root / "content" / "enorme.md").stat().st_size == BIG_LESSON_BYTES
    return root


def reported_lines(stderr: str) -> list[str]:
    """The problem lines the CLI prints before its blank line and summary."""
    return stderr.split("\n\n")[0].splitlines()


def test_every_hostile_case_gives_its_own_error_in_one_check(hostile_project: Path):
    result = run_academie("check", root=hostile_project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    expected = sorted(line for case in EXPECTED.values() for line in case["errors"])
    reported = reported_lines(result.stderr)
    missing = [f"{name}: {line}" for name, case in EXPECTED.items() for line in case["errors"] if line not in reported]
    assert not missing, "expected but not reported:\n" + "\n".join(missing) + "\n\nreported:\n" + result.stderr
    assert sorted(reported) == expected, "no other error or warning: " + "\n".join(
        sorted(set(reported) - set(expected))
    )
    assert f"{len(expected)} erreur(s), 0 avertissement(s)" in result.stderr


def test_a_failed_build_on_the_corpus_leaves_build_site_untouched(hostile_project: Path):
    site = hostile_project / "build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Le site précédent</title>\n", encoding="utf-8")
    before = tree_digest(site)

    result = run_academie("build", root=hostile_project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "Construction annulée : le site précédent n’a pas été modifié." in result.stderr
    assert tree_digest(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "no staging folder is left behind"


def test_bom_and_crlf_lessons_load_with_their_exact_text(hostile_project: Path, monkeypatch: pytest.MonkeyPatch):
    # Every file the loader reads whole is recorded: the 10 Mo lesson must be refused by its size, unread.
    read: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or read_bytes(self))
    catalogue, problems = load_catalogue(hostile_project)

    assert not [p for p in problems if p.path.startswith("content/encodage/") and "latin-1" not in p.path]
    bom, crlf = catalogue.lessons["bom"], catalogue.lessons["crlf"]
    assert bom.title == "Leçon avec un BOM"
    assert bom.body == "\n## Texte\n\nUne leçon enregistrée avec un BOM : « é », « ’ ».\n"
    assert crlf.title == "Leçon aux fins de ligne Windows"
    assert crlf.body == "\n## Texte\n\nPremière ligne.\nDeuxième ligne, fin de ligne Windows.\n"
    assert "notes-privees" not in catalogue.lessons, "a symbolic link out of content/ is never read"
    assert "bom.md" in read and "enorme.md" not in read


# --- The Markdown safety policy, snippet by snippet, in a lesson of content/bases/ (snippet from line 3). ---


@pytest.mark.parametrize(
    ("snippet", "line", "message"),
    [
        ("<SCRIPT src=x.js></SCRIPT>", 3, "balise <script> interdite"),
        ('<iframe src="https://video.example/x"></iframe>', 3, "balise <iframe> interdite"),
        ("Voir `<script>` ici.", 3, "balise <script> interdite"),  # inline code is not masked: show code in a ``` block
        ("```\n<script>jamais fermé", 4, "balise <script> interdite"),  # an unclosed fence is not code for Markdown
        ("<svg/onload=alert(1)>", 3, "attribut onload= interdit"),
        ('<img alt="a>b"\n     onerror="alert(1)">', 4, "attribut onerror= interdit"),
        ('Paragraphe.\n{: onclick="voler()" }', 4, "attribut onclick= interdit"),
        ("[Gagnez](jav&#x61;script:alert(1))", 3, "lien javascript: interdit"),
        ("[Gagnez]( java\tscript:alert(1) )", 3, "lien javascript: interdit"),
        ('<a href="javascript:if(a<b)voler()">x</a>', 3, "lien javascript: interdit"),
        ("[![Photo](img/ok.png)](javascript:alert(2))", 3, "lien javascript: interdit"),
        ('<a href="data:text/html,<b>x</b>">x</a>', 3, "lien data: interdit"),
        ("[Fiche](../../../etc/passwd)", 3, "le lien « ../../../etc/passwd » sort du dossier content/"),
        ("[ref]: ..%2F..%2Fsecret.pdf", 3, "le lien « ../../secret.pdf » sort du dossier content/"),
        (
            '<img srcset="ok.png 1x, ../../grand.png 2x" alt="x">',
            3,
            "l’image « ../../grand.png » sort du dossier content/",
        ),
        (
            "![Graphique](https://cdn.example.com/g.png)",
            3,
            "image chargée depuis un autre site (https://cdn.example.com/g.png)",
        ),
        (
            '<img src="//cdn.example.com/g.png" alt="x">',
            3,
            "image chargée depuis un autre site (//cdn.example.com/g.png)",
        ),
    ],
)
def test_unsafe_markdown_is_refused_at_its_line(snippet: str, line: int, message: str):
    findings = lesson_findings(f"# Titre\n\n{snippet}\n", "bases")
    assert len(findings) == 1 and findings[0][0] == line and message in findings[0][1], findings
    assert findings[0][2], "each finding says how to fix it"


@pytest.mark.parametrize(
    "snippet",
    [
        '```html\n<script src="x.js"></script>\n<a href="javascript:void(0)" onclick="x()">x</a>\n```',
        "~~~~\n![x](../../../code.png)\n~~~~",
        "![Schéma](img/etapes.svg) et ![Autre](../regles/img/feu.svg)",
        "[Leçon voisine](../regles/donnees-personnelles-rgpd.md) et [CNIL](https://www.cnil.fr/fr/ia)",
        "Le langage JavaScript : un onglet = une page, et la balise &lt;script&gt;.",
        '<div class="grid cards" markdown>\n<p data-lesson-id="x">Texte</p>\n</div>',
        "![Point](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_safe_markdown_passes(snippet: str):
    assert lesson_findings(f"# Titre\n\n{snippet}\n", "bases") == []


# --- Random input: the loader either loads a lesson or reports problems, and never raises. ---

QUIZ_KEYS = ["question", "type", "choices", "answer", "explanation", "feedback", "text"]
KEYS = [
    "id",
    "title",
    "description",
    "audiences",
    "level",
    "duration",
    "objectives",
    "prerequisites",
    "sectors",
    "updated",
    "sources",
    "pass_mark",
]
# Characters that matter to YAML and Markdown, plus accents, typographic quotes and invisible ones.
TRICKY = st.sampled_from(
    list(":-#&*!|>'\"%@`{}[],?\t\n\\ ") + ["---", "...", "<script>", "é", "’", "«\u00a0", "\u0008", "\ufeff"]
)
WEIRD_TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=5)), max_size=6).map("".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    WEIRD_TEXT,
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["tpe", "debutant", "2026-02-30", "2026-13-01", "*gras*", "&ancre", "!!int x"]),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WEIRD_TEXT, inner, max_size=3), max_leaves=6
)
FRONT_MATTER = st.dictionaries(st.one_of(st.sampled_from(KEYS), WEIRD_TEXT), VALUES, max_size=8)
QUESTION = st.dictionaries(st.sampled_from(QUIZ_KEYS) | WEIRD_TEXT, VALUES, max_size=6)
QUIZ = st.one_of(VALUES, st.lists(QUESTION, max_size=3))
# Values as an author types them, unquoted: dates that may not exist, aliases, tags, unclosed brackets and quotes.
TYPED_DATE = st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32))
SPECIAL_VALUE = st.sampled_from(
    [
        "2026-11-26T25:00:00",
        "[tpe, pme",
        "[a, [b, {c: d}]]",
        "{a: 1",
        "*gras*",
        "&a x",
        "&a x\nb: *a",
        "!!int x",
        "!!float y",
        "!!bool peut-être",
        "!!timestamp 2026-99-01",
        "!!binary x",
        "!perso z",
        '"non fermé',
        "'ok'",
        "- a",
        "|",
        ">-",
        "12:30:00",
        "0x1F",
        "1e999",
        ".nan",
        "~",
        "oui",
        "on",
        "single",
        "truefalse",
    ]
)
RAW_VALUE = st.one_of(SPECIAL_VALUE, TYPED_DATE, WEIRD_TEXT, st.integers().map(str))


def raw_lines(keys: list[str]) -> st.SearchStrategy[str]:
    line = st.builds(
        "{}{}{}{}".format,
        st.sampled_from(["", "", "", "", "  ", "\t", "- ", "  - "]),
        st.sampled_from(keys) | WEIRD_TEXT,
        st.sampled_from([": ", ": ", ": ", ":", " : ", ":\n  - "]),
        RAW_VALUE,
    )
    return st.lists(line, max_size=10).map("\n".join)


def as_yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


# Well-formed YAML of random data, lines typed by a hurried author, or raw text full of special characters.
FRONT_TEXT = st.one_of(FRONT_MATTER.map(as_yaml), raw_lines(KEYS), WEIRD_TEXT)
QUIZ_TEXT = st.one_of(QUIZ.map(as_yaml), raw_lines(QUIZ_KEYS), WEIRD_TEXT)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(front=FRONT_TEXT, quiz=QUIZ_TEXT, mutation=st.sampled_from(["", "\r\n", "\ufeff", "\t"]))
def test_random_front_matter_and_quiz_yaml_load_or_report_problems(front: str, quiz: str, mutation: str):
    text = f"---\n{front}\n---\n\n## Texte\n\n```quiz\n{quiz}\n```\n"
    if mutation == "\r\n":
        text = text.replace("\n", "\r\n")
    elif mutation:
        text = mutation + text
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        (root / "tracks").mkdir()
        (root / "content" / "lecon.md").write_text(text, encoding="utf-8", newline="")
        catalogue, problems = load_catalogue(root)  # must not raise

    line_count = text.replace("\r\n", "\n").count("\n") + 1
    for problem in problems:
        assert problem.path in ("content/lecon.md", "orientation.yml"), problem
        assert problem.message and problem.fix, problem
        assert problem.line is None or 1 <= problem.line <= line_count, problem
    lesson_errors = [p for p in problems if p.path == "content/lecon.md" and p.is_error]
    assert catalogue.lessons or lesson_errors, "a lesson that does not load has its errors reported"

"""The one loader: reads content/ and tracks/ into a Catalogue and lists every problem found."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from academie.content.catalogue import Catalogue, Lesson, TrackFile
from academie.content.divs import block_findings, instructor_notes
from academie.content.frontmatter import FrontMatterProblem, split_front_matter
from academie.content.links import check_links
from academie.content.model import LessonMeta, Track
from academie.content.notebook_rules import install_findings
from academie.content.notebook_source import NotebookProblem, notebook_as_markdown
from academie.content.orientation import check_orientation, load_orientation
from academie.content.practice import parse_practice_blocks
from academie.content.problems import Problem
from academie.content.quiz import find_blocks, parse_block
from academie.content.safety import html_findings, lesson_findings, outside_links
from academie.content.schema_errors import problems_from
from academie.content.sectors import SECTORS_DIR, SectorFile, SectorPath, check_sectors
from academie.content.synonyms import load_synonyms
from academie.content.validate import validate_catalogue
from academie.content.yamltext import YamlDoc, YamlProblem, parse_yaml

CONTENT_DIR = "content"
TRACKS_DIR = "tracks"
# Site pages that are not lessons: the home page and everything under content/pages/.
SITE_PAGE_PREFIXES = ("pages/",)
SITE_PAGES = ("index.md",)


def is_site_page(source: str) -> bool:
    return source in SITE_PAGES or source.startswith(SITE_PAGE_PREFIXES)


LESSON_SUFFIXES = (".md", ".ipynb")

# Larger files are refused before they are read: the longest lesson is about 25 ko, and a
# notebook's outputs are computed again at build time, so a big notebook is one saved with them.
MAX_BYTES = {".md": 1_000_000, ".ipynb": 5_000_000}
MAX_OTHER_BYTES = 1_000_000  # a track file
TOO_BIG = {
    ".md": (
        "leçon trop volumineuse",
        "découpez-la en plusieurs leçons plus courtes ; les images vont dans des fichiers à part (dossier img/)",
    ),
    ".ipynb": (
        "carnet trop volumineux",
        "effacez les sorties de toutes les cellules dans Jupyter (Edit › Clear Outputs of All Cells) : "
        "le site les recalcule à la construction",
    ),
}
TOO_BIG_OTHER = (
    "fichier trop volumineux",
    "vérifiez que c’est le bon fichier : il ne devrait contenir que quelques lignes de texte",
)


def site_page_sources(content: Path) -> list[Path]:
    """The site pages an author writes in content/ (home page, content/pages/)."""
    return sorted(p for p in content.rglob("*.md") if is_site_page(p.relative_to(content).as_posix()))


def lesson_sources(content: Path) -> list[Path]:
    return sorted(
        p
        for p in content.rglob("*")
        if p.suffix in LESSON_SUFFIXES
        and ".ipynb_checkpoints" not in p.parts
        and not is_site_page(p.relative_to(content).as_posix())
    )


def page_source(path: Path, content: Path) -> str:
    """The page a lesson becomes, inside content/: a notebook `x.ipynb` is published as the page `x.md`."""
    return path.relative_to(content).with_suffix(".md").as_posix()


def _megabytes(size: int) -> str:
    """« 10,8 Mo », « 1 Mo »."""
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0") + " Mo"


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """Read an author's file as UTF-8 text; a BOM and CRLF line ends are accepted and normalised."""
    limit = MAX_BYTES.get(path.suffix, MAX_OTHER_BYTES)
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= limit else b""
    except OSError as exc:
        problems.append(
            Problem(
                shown, None, f"lecture impossible ({exc.strerror})", "vérifiez que le fichier existe et est lisible"
            )
        )
        return None
    if size > limit:
        what, fix = TOO_BIG.get(path.suffix, TOO_BIG_OTHER)
        problems.append(Problem(shown, None, f"{what} ({_megabytes(size)} ; {_megabytes(limit)} au plus)", fix))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, "le fichier n’est pas encodé en UTF-8", "enregistrez-le en UTF-8 dans votre éditeur")
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9][a-z0-9-]*)[\"']?\s*$", re.M)


def recover_id(text: str) -> str | None:
    """The id of a lesson whose front matter could not be used, so that tracks naming it
    do not add a second, misleading « unknown lesson » error."""
    match = _ID_LINE.search(text[:4000])
    return match.group(1) if match else None


def load_lesson(path: Path, root: Path, content: Path, problems: list[Problem], broken: set[str]) -> Lesson | None:
    shown = path.relative_to(root).as_posix()
    text = read_text(path, shown, problems)
    if text is None:
        return None
    notebook = path.suffix == ".ipynb"
    if notebook:
        if not text.strip():
            problems.append(
                Problem(
                    shown,
                    1,
                    "carnet vide",
                    "enregistrez le carnet depuis Jupyter, avec l’en-tête de la leçon dans sa première cellule",
                )
            )
            return None
        try:
            installs = install_findings(text)
            text = notebook_as_markdown(text)
        except NotebookProblem as problem:
            # The line of the file, for a JSON error, when notebooks.py gives one.
            problems.append(Problem(shown, getattr(problem, "line", None), problem.message, problem.fix))
            return None
        except RecursionError:
            problems.append(
                Problem(
                    shown,
                    None,
                    "carnet illisible : structure JSON trop profondément imbriquée",
                    "reprenez une version saine du carnet (sauvegarde, historique) : Jupyter n’écrit jamais un tel fichier",
                )
            )
            return None
    try:
        front = split_front_matter(text)
    except FrontMatterProblem as problem:
        problems.append(Problem(shown, None if notebook else problem.line, problem.message, problem.fix))
        broken.update(filter(None, [recover_id(text)]))
        return None
    failed = len(problems)
    if notebook:
        problems.extend(Problem(shown, None, message, fix) for message, fix in installs)

    def report(line: int | None, message: str, fix: str) -> None:
        # A notebook's lines are those of its cells joined together: not worth showing.
        problems.append(Problem(shown, None if notebook else line, message, fix))

    try:
        meta = LessonMeta.model_validate(front.doc.data)
    except ValidationError as exc:
        problems.extend(
            problems_from(
                exc, front.line_of, lambda line, msg, fix: Problem(shown, None if notebook else line, msg, fix)
            )
        )
        meta = None

    quizzes = tuple(
        block for raw in find_blocks(front.body, front.body_line) if (block := parse_block(raw, report)) is not None
    )
    practices = parse_practice_blocks(front.body, front.body_line, report)
    folder = path.parent.relative_to(content).as_posix()
    for line, message, fix in lesson_findings(text, "" if folder == "." else folder):
        report(line, message, fix)
    blocks = block_findings(front.body, front.body_line)
    if notebook and instructor_notes(front.body):
        report(
            None,
            "bloc « instructor » dans un carnet : le carnet téléchargé et l’édition Jupyter Book le montreraient "
            "aux apprenants",
            "retirez cette note du carnet ; écrivez-la dans une leçon Markdown (bloc ::: instructor), "
            "d’où elle va dans les déroulés d’atelier",
        )
    for line, message, fix, severity in blocks:
        if severity == "error":
            report(line, message, fix)
    if meta is None or len(problems) > failed:
        broken.update(filter(None, [recover_id(text)]))
        return None
    problems.extend(
        Problem(shown, None if notebook else line, message, fix, "warning")
        for line, message, fix, severity in blocks
        if severity == "warning"
    )
    return Lesson(
        meta=meta,
        source=page_source(path, content),
        display_path=shown,
        front=front,
        quizzes=quizzes,
        practices=practices or (),
        notebook=path.relative_to(content).as_posix() if notebook else None,
    )


M = TypeVar("M", Track, SectorPath)


def _load_model(
    path: Path, root: Path, problems: list[Problem], model: type[M], what: str, keys: str, schema: str
) -> tuple[M, YamlDoc, str] | None:
    """One YAML file of `model` (a track, a sector path), every problem at its line."""
    shown = path.relative_to(root).as_posix()
    text = read_text(path, shown, problems)
    if text is None:
        return None
    try:
        doc = parse_yaml(text)
    except YamlProblem as problem:
        problems.append(Problem(shown, problem.line, f"fichier de {what} illisible : {problem.message}", problem.fix))
        return None
    # The file loads even when its text is unsafe: the error stops the build, and its lessons are not orphans.
    problems.extend(Problem(shown, line, message, fix) for line, message, fix in html_findings(text))
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, f"un {what} doit être un ensemble de clés ({keys})", f"voir {schema}"))
        return None
    try:
        loaded = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, doc.line_of, lambda line, msg, fix: Problem(shown, line, msg, fix)))
        return None
    return loaded, doc, shown


def load_track(path: Path, root: Path, problems: list[Problem]) -> TrackFile | None:
    found = _load_model(path, root, problems, Track, "parcours", "id, title, modules…", "schemas/track.schema.json")
    return TrackFile(track=found[0], display_path=found[2], doc=found[1]) if found else None


def load_sector_file(path: Path, root: Path, problems: list[Problem]) -> SectorFile | None:
    """A sector path file, tracks/secteurs/<id>.yml (see content/sectors.py)."""
    found = _load_model(
        path, root, problems, SectorPath, "parcours métier", "id, title, for, base…", "schemas/sector.schema.json"
    )
    return SectorFile(path=found[0], display_path=found[2], doc=found[1]) if found else None


F = TypeVar("F", TrackFile, SectorFile)


def _unique(
    files: list[tuple[Path, F | None]], id_of: Callable[[F], str], what: str, problems: list[Problem]
) -> dict[str, F]:
    """The loaded files by their id; a second file with an id already taken is reported at its `id` line."""
    by_id: dict[str, F] = {}
    for _, loaded in files:
        if loaded is None:
            continue
        key = id_of(loaded)
        if key in by_id:
            problems.append(
                Problem(
                    loaded.display_path,
                    loaded.line_of(("id",)),
                    f"identifiant de {what} « {key} » déjà utilisé par {by_id[key].display_path}",
                    "choisissez un identifiant unique",
                )
            )
            continue
        by_id[key] = loaded
    return by_id


def load_sector_files(tracks_dir: Path, root: Path, problems: list[Problem]) -> dict[str, SectorFile]:
    paths = sorted((tracks_dir / SECTORS_DIR).glob("*.y*ml"))
    files = [(path, load_sector_file(path, root, problems)) for path in paths]
    return _unique(files, lambda f: f.path.id, "parcours métier", problems)


def load_catalogue(root: Path) -> tuple[Catalogue, list[Problem]]:
    """Load everything under `root` (content/ and tracks/) and check it as a whole."""
    root = root.resolve()
    content, tracks_dir = root / CONTENT_DIR, root / TRACKS_DIR
    problems: list[Problem] = []
    if not content.is_dir():
        problems.append(
            Problem(CONTENT_DIR, None, "dossier des leçons introuvable", f"créez {CONTENT_DIR}/ à la racine du projet")
        )
    if not tracks_dir.is_dir():
        problems.append(
            Problem(TRACKS_DIR, None, "dossier des parcours introuvable", f"créez {TRACKS_DIR}/ à la racine du projet")
        )

    refused: set[Path] = set()
    if content.is_dir():
        link_problems, refused = outside_links(content, root)
        problems.extend(link_problems)
    lessons: dict[str, Lesson] = {}
    seen: dict[str, Lesson] = {}
    broken: set[str] = set()
    for path in lesson_sources(content) if content.is_dir() else []:
        if path in refused:
            continue
        lesson = load_lesson(path, root, content, problems, broken)
        if lesson is None:
            continue
        if lesson.id in seen:
            first = seen[lesson.id]
            problems.append(
                Problem(
                    lesson.display_path,
                    lesson.front.line_of(("id",)),
                    f"identifiant « {lesson.id} » déjà utilisé par {first.display_path}",
                    "choisissez un identifiant unique",
                )
            )
            continue
        seen[lesson.id] = lesson
        lessons[lesson.id] = lesson

    track_paths = sorted(tracks_dir.glob("*.y*ml")) if tracks_dir.is_dir() else []
    loaded_tracks = [(path, load_track(path, root, problems)) for path in track_paths]
    track_files = _unique(loaded_tracks, lambda f: f.track.id, "parcours", problems)

    sector_files = load_sector_files(tracks_dir, root, problems)
    orientation = load_orientation(root, problems)
    load_synonyms(root, problems)  # checked with the content; read again by the build (hooks/search_hooks.py)
    catalogue = Catalogue(
        lessons=lessons,
        track_files=track_files,
        broken_ids=frozenset(broken - lessons.keys()),
        orientation=orientation[0] if orientation else None,
        sector_files=sector_files,
    )
    problems.extend(validate_catalogue(catalogue))
    problems.extend(check_sectors(catalogue))
    if content.is_dir():
        # Links, anchors and images, as the site build would judge them (MkDocs, --strict).
        site_pages = [p for p in site_page_sources(content) if p not in refused]
        problems.extend(check_links(catalogue, root, content, site_pages))
    if orientation:
        problems.extend(
            check_orientation(
                *orientation, set(track_files), set(lessons) | set(catalogue.broken_ids), set(sector_files)
            )
        )
    return catalogue, sorted(problems, key=lambda p: (p.path, p.line or 0))

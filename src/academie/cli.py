"""`academie check` and `academie build`: the authors' two commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from academie.content.catalogue import Catalogue
from academie.content.catalogue_cache import SHARED_CATALOGUE, load_catalogue_shared
from academie.content.grammar import grammar_problems
from academie.content.loader import load_catalogue
from academie.content.problems import Problem
from academie.content.validate import french_date, lessons_due
from academie.notebooks.build import notebook_problems, prepare_notebooks
from academie.notebooks.edition import make_edition, publish_edition
from academie.notebooks.page import EDITION_DIR
from academie.schemas import schema_texts, write_schemas
from academie.site.finishing import finish_folder, finish_site, recompress, write_site_config
from academie.site.incremental import Output, content_digests, current_state, plan_rebuild
from academie.site.pack_builds import finish_packs, start_packs, stop_packs
from academie.site.pack_cache import shared_key
from academie.site.packs import DOWNLOADS_DIR, fill_pending
from academie.site.page_cache import build_start, prune_pages
from academie.site.pages import DOWNLOADS_PAGE, SITE
from academie.site.runner import Builds, Job, cancel, finish_builds, give_jobs, start_runner
from academie.site.site_cache import forget, is_current, remember, site_key, state_path, titles_path


def report(problems: list[Problem]) -> int:
    """Print every problem; return the number of errors."""
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(
            f"\n{errors} erreur(s), {warnings} avertissement(s) : corrigez les erreurs puis relancez.", file=sys.stderr
        )
    return errors


def check(root: Path, review: bool = False, french: bool = True) -> int:
    catalogue, problems = load_catalogue(root)
    if review:
        return review_list(catalogue)
    if french and not any(p.is_error for p in problems):
        problems += grammar_problems(root, list(catalogue.lessons.values()))
    # The notebooks' own failing cells, in the same run: each notebook runs in its sandbox (or comes
    # from the cache), unless the checks above already refused it.
    refused = {p.path for p in problems if p.is_error}
    problems += notebook_problems(root, catalogue, refused)
    if report(problems):
        return 1
    print(
        f"Contenu valide : {len(catalogue.lessons)} leçons, {len(catalogue.tracks)} parcours"
        + (f", {len(problems)} avertissement(s)." if problems else ".")
    )
    return 0


REVIEW_NOTICE = dt.timedelta(days=31)  # `check --revue` lists what falls due within a month


def review_list(catalogue: Catalogue) -> int:
    """The lessons whose facts are due for review (past or within a month), for the authors' planning."""
    today = dt.date.today()
    due = lessons_due(catalogue, today + REVIEW_NOTICE)
    for lesson in due:
        review_by = lesson.meta.review_by
        assert review_by is not None
        state = "en retard" if review_by < today else "bientôt"
        print(f"{lesson.display_path}: à revérifier avant le {french_date(review_by)} ({state}) — {lesson.meta.title}")
    dated = sum(1 for lesson in catalogue.lessons.values() if lesson.meta.review_by)
    print(
        f"{len(due)} leçon(s) à revérifier d’ici le {french_date(today + REVIEW_NOTICE)} sur {dated} leçon(s) datée(s)."
    )
    return 0


def build(root: Path, site_dir: Path, force: bool = False) -> int:
    """Check, build the packs and the site into a temporary folder, then swap it in:
    a failed build keeps the last good site. Nothing changed since the last good build: nothing is
    done; only lessons' text changed: only their pages are rebuilt (site/incremental.py)."""
    started, since = time.monotonic(), build_start()
    site_dir = site_dir.resolve()
    shared = shared_key(root)
    files = content_digests(root / "content")
    key = site_key(shared.hexdigest(), site_dir, files)
    if not force and is_current(root, site_dir, key):
        print(
            f"Rien n’a changé depuis la dernière construction : {_shown(root, site_dir)} gardé tel quel "
            "(--forcer pour tout reconstruire)."
        )
        return 0
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.parent / f".{site_dir.name}-en-cours-{os.getpid()}"
    packs_work = site_dir.parent / f".paquets-en-cours-{os.getpid()}"
    packs_work.mkdir()
    # Kept for the MkDocs processes of this build, which then do not load it again.
    shared_catalogue = packs_work / "catalogue.pickle"
    shared_env = {SHARED_CATALOGUE: str(shared_catalogue)}
    # Started now, the website's process and the packs' import MkDocs and the hooks' modules while
    # the content is read; the packs' at a lower priority than the website's build, which renders
    # the most pages and so sets the length of a first build.
    site_runner = start_runner(root, packs_work / "site", shared_env)
    runners = [site_runner, start_runner(root, packs_work / "paquets", shared_env, nice=5)]
    catalogue, problems = load_catalogue_shared(root, shared_catalogue)
    if report(problems):
        _cancel_unused(runners)
        shutil.rmtree(packs_work, ignore_errors=True)
        print("Construction annulée : le site précédent n’a pas été modifié.", file=sys.stderr)
        return 1
    print(f"Contenu valide : {len(catalogue.lessons)} leçons, {len(catalogue.tracks)} parcours.")
    state = current_state(shared.hexdigest(), files, catalogue)
    try:
        # Notebooks run once, here: the packs and the site then read their outputs from the cache.
        if not prepare_notebooks(root, catalogue):
            raise BuildFailed
        print(f"Construction des {len(catalogue.tracks)} paquets hors ligne…", file=sys.stderr)
        packs = start_packs(root, catalogue, packs_work, shared, state, runners[1], whole=force)
        # The website is built at the same time: the downloads page gets the new packs' size and
        # SHA-256 once they are zipped (fill_pending).
        env = {
            **shared_env,
            "ACADEMIE_PACKS_DIR": str(packs.zips),
            "ACADEMIE_PACKS_PENDING": ",".join(packs.pending),
            "ACADEMIE_TITLES_OUT": str(packs_work / "titres.json"),
        }
        output = Output(site_dir, state_path(root, site_dir), titles_path(root, site_dir))
        # Packs being rebuilt: the downloads page gives their sizes, and they are published again.
        pending = [DOWNLOADS_PAGE, *(f"{DOWNLOADS_DIR}/{name}" for name in packs.pending)] if packs.pending else []
        plan = packs_work / "plan.json"
        edited = None if force else plan_rebuild(catalogue, state, output, SITE, staging, plan, pending)
        if edited:
            print(
                f"Leçons modifiées depuis la dernière construction : {len(edited)} — seules leurs pages sont refaites."
            )
            env["ACADEMIE_INCREMENTAL"] = str(plan)
        else:
            print("Construction du site…", file=sys.stderr)
        site = Job("site web", staging, env, dirty=bool(edited))
        give_jobs(site_runner, root, [site])
        with ThreadPoolExecutor(max_workers=2) as background:
            # The Jupyter Book edition is built meanwhile (its process does the work), unless the
            # notebooks did not change (an incremental build: the copy of the last site holds it).
            edition = None if edited else background.submit(make_edition, root, catalogue)
            # The packs are zipped as soon as their process ends, while the website is finished.
            zipped = background.submit(finish_packs, root, catalogue, packs_work, packs, state)
            if finish_builds(site_runner, [site]):
                stop_packs(packs)
                raise BuildFailed
            # Fingerprinted assets, .gz files and the nginx configuration (docs/HEBERGEMENT.md): the
            # website's files while the edition is still being built, the edition's once published.
            finishing = finish_site(staging, site_dir)
            book = edition.result() if edition is not None else None
            if edition is not None and (book is None or not publish_edition(book, staging)):
                stop_packs(packs)
                raise BuildFailed
            if book is not None and book.html is not None:
                finish_folder(finishing, staging / EDITION_DIR)
            write_site_config(finishing)
            new_zips = zipped.result()
        if new_zips is None:
            raise BuildFailed
        recompress(staging, fill_pending(staging, new_zips))
        forget(root, site_dir)
        _swap(staging, site_dir)
        _keep_titles(packs_work / "titres.json", titles_path(root, site_dir))
    except BuildFailed:
        shutil.rmtree(staging, ignore_errors=True)
        print("La construction a échoué (voir ci-dessus) : le site précédent n’a pas été modifié.", file=sys.stderr)
        return 1
    finally:
        _cancel_unused(runners)
        shutil.rmtree(packs_work, ignore_errors=True)
    state.save(state_path(root, site_dir))
    remember(root, site_dir, key)
    if not edited:  # every lesson page was converted or read by this build: the others are stale
        prune_pages(root, since)
    print(f"Site construit dans {site_dir} en {time.monotonic() - started:.1f} s.")
    return 0


def _cancel_unused(runners: list[Builds]) -> None:
    """Stop the processes that were never given their builds (the build stopped before)."""
    for runner in runners:
        if runner.process.stdin is not None and not runner.process.stdin.closed:
            cancel(runner)


def _keep_titles(written: Path, kept: Path) -> None:
    kept.unlink(missing_ok=True)
    if written.is_file():  # a project whose mkdocs.yml lacks hooks/incremental_hooks.py writes none
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(written, kept)


def _shown(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


class BuildFailed(Exception):
    pass


def _swap(staging: Path, site_dir: Path) -> None:
    previous = site_dir.parent / f".{site_dir.name}-ancien-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def schemas(root: Path, verify: bool) -> int:
    folder = root / "schemas"
    if not verify:
        for path in write_schemas(folder):
            print(f"écrit : {path.relative_to(root)}")
        return 0
    stale = [
        name
        for name, text in schema_texts().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    for name in stale:
        print(f"schemas/{name}: schéma périmé — lancez « academie schemas » et validez le fichier", file=sys.stderr)
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="academie", description="Outils des auteurs de l’Académie de l’IA.")
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier du projet (contient content/ et tracks/)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="vérifier les leçons et les parcours")
    check_parser.add_argument(
        "--revue", action="store_true", help="lister les leçons dont les faits sont à revérifier (review_by)"
    )
    build_parser = commands.add_parser("build", help="vérifier puis construire le site")
    build_parser.add_argument("--site-dir", type=Path, default=None, help="dossier de sortie (build/site par défaut)")
    build_parser.add_argument(
        "--forcer",
        action="store_true",
        help="reconstruire tout le site, même si rien n’a changé (les carnets, cartes et paquets dont aucune entrée n’a changé restent repris de .cache/)",
    )
    schema_parser = commands.add_parser("schemas", help="écrire les schémas JSON dans schemas/")
    schema_parser.add_argument("--check", action="store_true", help="vérifier seulement qu’ils sont à jour")
    french = check_parser.add_mutually_exclusive_group()
    french.add_argument(
        "--francais",
        dest="francais",
        action="store_true",
        default=True,
        help="vérifier aussi le français des leçons avec Grammalecte (par défaut)",
    )
    french.add_argument(
        "--sans-francais",
        dest="francais",
        action="store_false",
        help="ne pas vérifier le français des leçons (plus rapide)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root, args.revue, args.francais)
    if args.command == "build":
        return build(root, args.site_dir or root / "build" / "site", args.forcer)
    return schemas(root, args.check)


if __name__ == "__main__":
    sys.exit(main())

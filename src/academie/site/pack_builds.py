"""The offline packs of one `academie build`: the tracks' packs are built one after the other by one
MkDocs process (while the website is built by another), then zipped reproducibly with their SCORM
package.

A pack none of whose inputs changed is taken from the cache (pack_cache.py). A pack whose lessons'
text alone changed is rebuilt like the website (incremental.py): in a hard-link copy of its last
build's folder, kept under `.cache/paquets/arbres/<track>/` with the state it was built from, only
the pages the edit touched are built again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from academie.content.catalogue import Catalogue
from academie.site.hard_links import hard_link
from academie.site.incremental import BuildState, Output, plan_rebuild
from academie.site.pack_cache import CACHE_DIR, cached_files, pack_key, prune, store
from academie.site.packs import content_date, extend_zip, pack_name, write_zip
from academie.site.pages import Layout
from academie.site.runner import Builds, Job, cancel, each_finished, give_jobs
from academie.site.scorm import SCORM_FILES, add_scorm_files, remove_scorm_files, scorm_name

TREES_DIR = CACHE_DIR / "arbres"


@dataclass
class PackBuild:
    """The offline packs of one build: those taken from the cache are already in `zips`, the others
    (`jobs`) are being built by `builds`."""

    zips: Path
    keys: dict[str, str]
    names: dict[str, list[str]]
    jobs: list[Job] = field(default_factory=list)
    builds: Builds | None = None
    incremental: set[str] = field(default_factory=set)
    stopped: bool = False

    @property
    def pending(self) -> list[str]:
        return [name for job in self.jobs for name in self.names[job.name]]


def tree(root: Path, track_id: str) -> Path:
    """The folder of a pack's last build (what its ZIP holds, without the SCORM files)."""
    return root / TREES_DIR / track_id / "paquet"


def _state(root: Path, track_id: str) -> Path:
    return root / TREES_DIR / track_id / "etat.json"


def _titles(root: Path, track_id: str) -> Path:
    return root / TREES_DIR / track_id / "titres.json"


def start_packs(
    root: Path,
    catalogue: Catalogue,
    work: Path,
    shared: hashlib._Hash,
    state: BuildState,
    runner: Builds,
    whole: bool = False,
) -> PackBuild:
    """Start building the tracks' offline packs not in the cache, one after the other, in `runner`
    (a process waiting for its builds, see runner.start_runner; stopped if every pack is in the
    cache). `whole`: build every pack in full (academie build --forcer), even when only text changed."""
    zips = work / "zips"
    zips.mkdir(parents=True, exist_ok=True)
    # A fixed build date per pack, its content's date: nothing in a pack may depend on when it was built.
    epochs = {
        track.id: str(int(datetime.combine(content_date(catalogue, track), datetime.min.time(), UTC).timestamp()))
        for track in catalogue.tracks
    }
    keys = {
        track.id: pack_key(catalogue, track.id, epochs[track.id], shared, state.files) for track in catalogue.tracks
    }
    names = {track_id: [pack_name(track_id), scorm_name(track_id)] for track_id in keys}
    reused = [track_id for track_id, key in keys.items() if cached_files(root, key, names[track_id])]
    for track_id in reused:
        for path in cached_files(root, keys[track_id], names[track_id]) or []:
            hard_link(path, zips / path.name)
    if reused and len(reused) == len(keys):
        print("Paquets hors ligne inchangés : repris du cache", file=sys.stderr)
    elif reused:
        print(f"Paquets hors ligne inchangés, repris du cache : {', '.join(reused)}", file=sys.stderr)
    packs = PackBuild(zips, keys, names)
    for track in catalogue.tracks:
        if track.id in reused:
            continue
        pack_env = {
            "ACADEMIE_PACK": track.id,
            "ACADEMIE_OFFLINE": "true",
            "SOURCE_DATE_EPOCH": epochs[track.id],
            "ACADEMIE_TITLES_OUT": str(work / f"{track.id}-titres.json"),
        }
        plan = work / f"{track.id}-plan.json"
        output = Output(tree(root, track.id), _state(root, track.id), _titles(root, track.id))
        partial = not whole and plan_rebuild(catalogue, state, output, Layout(pack=track.id), work / track.id, plan)
        if partial:
            pack_env["ACADEMIE_INCREMENTAL"] = str(plan)
            packs.incremental.add(track.id)
            print(f"Paquet {track.id} : seules les pages des leçons modifiées sont refaites", file=sys.stderr)
        packs.jobs.append(Job(track.id, work / track.id, pack_env, dirty=bool(partial)))
    if packs.jobs:
        give_jobs(runner, root, packs.jobs)
        packs.builds = runner
    else:
        cancel(runner)
    return packs


def stop_packs(packs: PackBuild) -> None:
    """Stop the packs' builds (the website's failed: the build is abandoned); finish_packs then
    returns None without a message of its own."""
    packs.stopped = True
    if packs.builds is not None:
        packs.builds.process.terminate()


def finish_packs(
    root: Path, catalogue: Catalogue, work: Path, packs: PackBuild, state: BuildState
) -> list[Path] | None:
    """Zip each pack reproducibly (with its SCORM package) as soon as its build is over, while the
    next one is built; keep them in the cache with their folder. Returns the new ZIP files, or None
    if a build failed."""
    failed: list[str] = []
    track_ids = [job.name for job in packs.jobs]
    # Each pack zipped on its own thread: zlib lets go of the interpreter while it compresses.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        zipping = {}
        for job, succeeded in each_finished(packs.builds, packs.jobs) if packs.builds else []:
            if not succeeded:
                failed.append(job.name)
            elif not failed:
                zipping[job.name] = pool.submit(_zip_pack, catalogue, work, packs, job.name)
        for done in zipping.values():
            done.result()
    if failed and packs.stopped:
        return None
    if failed:
        print(f"Échec de la construction des paquets hors ligne : {', '.join(failed)}", file=sys.stderr)
        return None
    built: list[Path] = []
    for track_id in track_ids:
        built.extend(store(root, packs.keys[track_id], [packs.zips / name for name in packs.names[track_id]]))
        _keep_tree(root, track_id, work / track_id, work / f"{track_id}-titres.json", state)
    prune(root, {*packs.keys.values(), TREES_DIR.name})
    return built


def _zip_pack(catalogue: Catalogue, work: Path, packs: PackBuild, track_id: str) -> None:
    folder = work / track_id
    write_zip(folder, packs.zips / pack_name(track_id))
    # The SCORM package is the same pack with a launch page and a manifest.
    add_scorm_files(folder, catalogue, catalogue.track(track_id))
    extend_zip(packs.zips / pack_name(track_id), folder, SCORM_FILES, packs.zips / scorm_name(track_id))
    remove_scorm_files(folder)
    print(f"Paquet hors ligne prêt : {pack_name(track_id)}", file=sys.stderr)
    print(f"Paquet SCORM 1.2 prêt : {scorm_name(track_id)}", file=sys.stderr)


def _keep_tree(root: Path, track_id: str, folder: Path, titles: Path, state: BuildState) -> None:
    """The pack's folder, titles and state, for the next build to rebuild only what an edit touches."""
    target = tree(root, track_id)
    _state(root, track_id).unlink(missing_ok=True)  # no state: no incremental build from a half-kept tree
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder, target)
    if titles.is_file():
        shutil.move(titles, _titles(root, track_id))
        state.save(_state(root, track_id))

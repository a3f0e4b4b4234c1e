"""MkDocs builds run as child processes by `academie build`: the website in one, the offline packs
one after the other in another, both at once, their warnings and progress lines forwarded as they come.

Both processes are started first thing (`start_runner`): they import MkDocs, Material and the hooks'
modules (about a second) while `academie build` reads and checks the content, then wait for their
builds on their standard input (`give_jobs`), or are stopped unused (`cancel`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# The script that runs several builds in one process (MkDocs-side, so among the hooks).
RUN_BUILDS = Path("hooks") / "run_builds.py"


@dataclass(frozen=True)
class Job:
    """One of the builds a runner process is given (`give_jobs`): its name in messages, output folder and environment."""

    name: str
    out: Path
    env: Mapping[str, str]
    dirty: bool = False


@dataclass(frozen=True)
class Builds:
    """A process of hooks/run_builds.py: it runs the MkDocs builds it is given on its standard input."""

    process: subprocess.Popen[str]
    results: Path


def start_runner(root: Path, work: Path, env: Mapping[str, str], nice: int = 0) -> Builds:
    """Start a process, whose environment has `env`, that prepares for MkDocs builds and waits for
    them (`give_jobs`): they then share one start-up of MkDocs and the academie package, made while
    the caller does something else."""
    work.mkdir(parents=True, exist_ok=True)
    results = work / "resultats.json"
    results.unlink(missing_ok=True)
    return Builds(_start([sys.executable, str(root / RUN_BUILDS), str(results)], root, env, nice, wait=True), results)


def give_jobs(builds: Builds, root: Path, jobs: list[Job]) -> None:
    """Hand the waiting process its builds, run one after the other."""
    listed = [
        {"name": job.name, "args": _build_options(root, job.out, job.dirty), "env": dict(job.env)} for job in jobs
    ]
    assert builds.process.stdin is not None
    builds.process.stdin.write(json.dumps(listed, ensure_ascii=False))
    builds.process.stdin.close()


def cancel(builds: Builds) -> None:
    """Stop a process that has no build to run, or whose builds are no longer wanted."""
    builds.process.terminate()
    if builds.process.stdin is not None:  # after the signal: a process that reads an empty input ends quietly anyway
        builds.process.stdin.close()
    finish(builds.process)


def finish_builds(builds: Builds, jobs: list[Job]) -> list[str]:
    """Wait for the builds; the names of those that failed (those it never finished, if the process died)."""
    return [job.name for job, succeeded in each_finished(builds, jobs) if not succeeded]


def each_finished(builds: Builds, jobs: list[Job], every: float = 0.05) -> Iterator[tuple[Job, bool]]:
    """Each build as soon as it is over, in order, with whether it succeeded; once the process has
    ended, those it never finished are failed. Its results file is read every `every` seconds."""
    reported = 0
    while reported < len(jobs):
        ended = builds.process.poll() is not None  # before reading: then the file read is the last
        done, failed = _results(builds.results)
        for job in jobs[reported:]:
            if job.name not in done:
                break
            reported += 1
            yield job, job.name not in failed
        if ended:
            for job in jobs[reported:]:
                yield job, False
            break
        if reported < len(jobs):
            time.sleep(every)
    finish(builds.process)


def _results(path: Path) -> tuple[set[str], set[str]]:
    """The builds a runner has done, and those of them that failed (hooks/run_builds.py)."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        return set(results["done"]), set(results["failed"])
    except (OSError, ValueError, KeyError, TypeError):  # not written yet
        return set(), set()


def _build_options(root: Path, out: Path, dirty: bool) -> list[str]:
    """Not --quiet: that would hide warnings from --strict, which then lets broken links through;
    MkDocs' INFO lines are dropped by the forwarder instead."""
    config = ["--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]
    return ["--strict", *config, *(["--dirty"] if dirty else [])]


def _start(
    command: list[str], root: Path, env: Mapping[str, str], nice: int, wait: bool = False
) -> subprocess.Popen[str]:
    """`wait`: the process reads its builds on its standard input."""
    # NO_MKDOCS_2_WARNING silences Material's end-of-life banner in every build.
    process = subprocess.Popen(
        command,
        cwd=root,
        stdin=subprocess.PIPE if wait else None,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    forwarder = threading.Thread(target=_forward_messages, args=(process,), daemon=True)
    forwarder.start()
    _forwarders[process.pid] = forwarder
    return process


_forwarders: dict[int, threading.Thread] = {}


def finish(process: subprocess.Popen[str]) -> int:
    """Wait for a build and for the last of its messages."""
    code = process.wait()
    _forwarders.pop(process.pid).join()
    return code


def _forward_messages(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if not line.startswith("INFO"):
            sys.stderr.write(line)
            sys.stderr.flush()

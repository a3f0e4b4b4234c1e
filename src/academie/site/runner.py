"""MkDocs builds run as child processes by `academie build`: the website in one, the offline packs
one after the other in another, both at once, their warnings and progress lines forwarded as they come."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The script that runs several builds in one process (MkDocs-side, so among the hooks).
RUN_BUILDS = Path("hooks") / "run_builds.py"


def start_mkdocs(
    root: Path, out: Path, env: Mapping[str, str], dirty: bool = False, nice: int = 0
) -> subprocess.Popen[str]:
    """Start one MkDocs build."""
    return _start([sys.executable, "-m", "mkdocs", "build", *_build_options(root, out, dirty)], root, env, nice)


@dataclass(frozen=True)
class Job:
    """One of the builds `start_builds` runs: its name in messages, output folder and environment."""

    name: str
    out: Path
    env: Mapping[str, str]
    dirty: bool = False


@dataclass(frozen=True)
class Builds:
    process: subprocess.Popen[str]
    results: Path


def start_builds(root: Path, jobs: list[Job], work: Path, env: Mapping[str, str], nice: int = 0) -> Builds:
    """Start one process, whose environment has `env`, that runs these MkDocs builds one after the
    other (hooks/run_builds.py): the packs share one start-up of MkDocs and the academie package
    instead of one each."""
    work.mkdir(parents=True, exist_ok=True)
    jobs_file, results = work / "constructions.json", work / "resultats.json"
    listed = [
        {"name": job.name, "args": _build_options(root, job.out, job.dirty), "env": dict(job.env)} for job in jobs
    ]
    jobs_file.write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
    results.unlink(missing_ok=True)
    command = [sys.executable, str(root / RUN_BUILDS), str(jobs_file), str(results)]
    return Builds(_start(command, root, env, nice), results)


def finish_builds(builds: Builds, jobs: list[Job]) -> list[str]:
    """Wait for the builds; the names of those that failed (all of them if the process died)."""
    finish(builds.process)
    try:
        failed: list[str] = json.loads(builds.results.read_text(encoding="utf-8"))["failed"]
    except (OSError, ValueError, KeyError):
        return [job.name for job in jobs]
    return failed


def _build_options(root: Path, out: Path, dirty: bool) -> list[str]:
    """Not --quiet: that would hide warnings from --strict, which then lets broken links through;
    MkDocs' INFO lines are dropped by the forwarder instead."""
    config = ["--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]
    return ["--strict", *config, *(["--dirty"] if dirty else [])]


def _start(command: list[str], root: Path, env: Mapping[str, str], nice: int) -> subprocess.Popen[str]:
    # NO_MKDOCS_2_WARNING silences Material's end-of-life banner in every build.
    process = subprocess.Popen(
        command,
        cwd=root,
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

"""MkDocs builds run as child processes by `academie build`: the website and each offline pack,
several at once, their warnings and progress lines forwarded as they come."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path


def start_mkdocs(
    root: Path, out: Path, env: Mapping[str, str], dirty: bool = False, nice: int = 0
) -> subprocess.Popen[str]:
    """Start one MkDocs build. Not --quiet: that would hide warnings from --strict, which then
    lets broken links through; MkDocs' INFO lines are dropped here instead."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(out),
        *(["--dirty"] if dirty else []),
    ]
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

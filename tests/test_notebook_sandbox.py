"""How notebooks run: inside Debian's bubblewrap sandbox (no network, nothing writable but a scratch
copy of their data), installations refused by `check`, and every failing cell of every notebook
reported at once with its real error at its own line."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import sys
import threading
from pathlib import Path

import pytest
from conftest import run_academie
from projects import ROOT, make_project, track_text

from academie.notebooks.build import NotebookBuilder
from academie.notebooks.files import Notebook, NotebookFailure

FRONT = """---
id: "{id}"
title: "Carnet {id}"
description: "Un carnet d’essai pour les tests."
audiences: ["pme"]
level: "intermediaire"
duration: 5
objectives:
  - "Exécuter un carnet."
  - "Lire un résultat."
updated: 2026-11-26
sources: ["faits.md"]
---"""


def notebook_text(lesson_id: str, *cells: str | tuple[str, list[str]]) -> str:
    """A notebook lesson: its front matter, then code cells (a tuple gives a cell's tags)."""
    content = [{"cell_type": "markdown", "id": "en-tete", "metadata": {}, "source": FRONT.format(id=lesson_id)}]
    for number, cell in enumerate(cells):
        source, tags = cell if isinstance(cell, tuple) else (cell, [])
        content.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{number}",
                "metadata": {"tags": tags} if tags else {},
                "outputs": [],
                "source": source,
            }
        )
    notebook = {
        "cells": content,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, ensure_ascii=False, indent=1)


def write_notebook(project: Path, name: str, text: str) -> Notebook:
    path = project / "content" / "carnets" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Notebook(project / "content", f"carnets/{name}")


def tree_digest(root: Path, skip: tuple[str, ...] = ()) -> str:
    """Every file of a tree (path, size, modification time, and content for small files).
    Python's own bytecode caches (__pycache__, written by this test process) are left out."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__" and f not in skip)
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_symlink():
                digest.update(f"{path}->{os.readlink(path)}".encode())
                continue
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            if stat.st_size < 100_000:
                digest.update(path.read_bytes())
    return digest.hexdigest()


# The worktree, but for what tests and builds write and what is digested on its own (the venv).
ROOT_SKIP = (".git", ".pytest_cache", "screenshots", ".cache", "build", ".venv", "node_modules")


# --- check: a notebook does not install anything ----------------------------------------------------


def test_check_refuses_pip_and_conda_in_a_notebook_at_each_line(tmp_path: Path):
    text = notebook_text(
        "carnet-installe",
        "import sys\n%pip install cowsay",
        "!pip install cowsay\nx = 1\n! conda install -y numpy",
        "%conda install numpy",
        "!{sys.executable} -m pip install cowsay",
        "%%bash\necho bonjour\npip install cowsay",
        "print('pip install est un texte, pas une commande')",
    )
    project = make_project(tmp_path, {"carnets/installe.ipynb": text}, {})
    result = run_academie("check", root=project)
    assert result.returncode == 1, result.stdout
    refused = re.findall(
        r"^content/carnets/installe\.ipynb: cellule (\d+) \(cellule de code n° (\d+), ligne (\d+)\) : « (.+?) » refusé, "
        r"un carnet n’installe pas de paquet — retirez cette ligne et ajoutez la bibliothèque aux dépendances du projet "
        r"\(pyproject\.toml\)",
        result.stderr,
        re.M,
    )
    assert refused == [
        ("2", "1", "2", "%pip install cowsay"),
        ("3", "2", "1", "!pip install cowsay"),
        ("3", "2", "3", "! conda install -y numpy"),
        ("4", "3", "1", "%conda install numpy"),
        ("5", "4", "1", "!{sys.executable} -m pip install cowsay"),
        ("6", "5", "3", "pip install cowsay"),
    ], result.stderr
    assert "Traceback" not in result.stderr


# --- the sandbox -----------------------------------------------------------------------------------


@pytest.fixture()
def listening() -> dict:
    """A TCP server on this machine's loopback, counting the connections it receives."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[object] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield {"port": server.getsockname()[1], "accepted": accepted}
    server.close()


def test_a_notebook_cannot_write_outside_its_scratch_folder_install_or_reach_the_network(tmp_path: Path, listening):
    project = make_project(tmp_path / "projet", {}, {})
    home = Path.home()
    intruder = f"intrus-{os.getpid()}.txt"
    targets = {
        "the test project": project / "content" / intruder,
        "the real project": ROOT / intruder,
        "the virtual environment": Path(sys.prefix) / intruder,
        "the Python installation": Path(sys.base_prefix) / intruder,
        "$HOME": home / intruder,
    }
    bashrc = home / ".bashrc"
    cells: list[str | tuple[str, list[str]]] = [
        f"open({str(path)!r}, 'w').write('écrit par un carnet')" for path in targets.values()
    ]
    cells += [
        f"open({str(bashrc)!r}, 'a').write('echo piégé')",
        f"import socket\nsocket.create_connection(('127.0.0.1', {listening['port']}), timeout=5)",
        "import urllib.request\nurllib.request.urlopen('https://pypi.org/simple/', timeout=5)",
        "!pip install --retries 0 --timeout 5 cowsay\nimport cowsay",
        "import subprocess, sys\n"
        "result = subprocess.run([sys.executable, '-m', 'pip', 'install', '--retries', '0', '--timeout', '5', "
        "'--no-cache-dir', 'cowsay'], capture_output=True, text=True)\n"
        "assert result.returncode == 0, result.stderr.strip().splitlines()[-1]",
        # What the sandbox allows: files next to the notebook, in its scratch copy.
        "with open('resultat.txt', 'w') as out:\n    out.write('ok')\nprint(open('resultat.txt').read())",
    ]
    notebook = write_notebook(project, "intrus.ipynb", notebook_text("carnet-intrus", *cells))
    before = {
        "project": tree_digest(project, skip=(".cache",)),
        "root": tree_digest(ROOT, skip=ROOT_SKIP),
        "venv": tree_digest(Path(sys.prefix)),
        "python": tree_digest(Path(sys.base_prefix)),
        "bashrc": bashrc.read_bytes() if bashrc.exists() else None,
    }

    with pytest.raises(NotebookFailure) as failure:
        NotebookBuilder(project).build(notebook)

    problems = [str(problem) for problem in failure.value.problems]
    shown = "\n".join(problems)
    sandbox_fix = "le carnet s’exécute dans un bac à sable qui ne voit que son dossier de travail"
    network_fix = "pas de réseau pendant la construction"
    expected = [
        # The test project is not even there; the others are seen read-only, or not at all.
        (
            "cellule 2 (cellule de code n° 1, ligne 1) : FileNotFoundError: [Errno 2] No such file or directory",
            sandbox_fix,
        ),
        *(
            (
                f"cellule {n} (cellule de code n° {n - 1}, ligne 1) : OSError: [Errno 30] Read-only file system",
                sandbox_fix,
            )
            for n in range(3, 8)
        ),
        (
            "cellule 8 (cellule de code n° 7, ligne 2) : ConnectionRefusedError: [Errno 111] Connection refused",
            network_fix,
        ),
        (
            "cellule 9 (cellule de code n° 8, ligne 2) : URLError: <urlopen error [Errno -3] Temporary failure",
            network_fix,
        ),
        (
            "cellule 10 (cellule de code n° 9, ligne 2) : ModuleNotFoundError: No module named 'cowsay'",
            "ajoutez la bibliothèque aux dépendances du projet (pyproject.toml)",
        ),
        (
            "cellule 11 (cellule de code n° 10, ligne 3) : AssertionError: ERROR: No matching distribution",
            "ajoutez la bibliothèque aux dépendances du projet (pyproject.toml)",
        ),
    ]
    assert len(problems) == len(expected), shown
    for problem, (message, fix) in zip(problems, expected, strict=True):
        assert problem.startswith(f"content/carnets/intrus.ipynb: {message}"), shown
        assert f" — {fix}" in problem, problem  # each with a fix: what to do instead
    for path in targets.values():
        assert str(path) in shown  # the author reads which path the sandbox refused
        assert not path.exists(), path
    assert listening["accepted"] == [], "the sandbox reached this machine's loopback"
    # The last cell wrote into its scratch copy and did not fail; nothing of it is left.
    assert "cellule 12" not in shown
    assert not (project / "content" / "carnets" / "resultat.txt").exists()
    after = {
        "project": tree_digest(project, skip=(".cache",)),
        "root": tree_digest(ROOT, skip=ROOT_SKIP),
        "venv": tree_digest(Path(sys.prefix)),
        "python": tree_digest(Path(sys.base_prefix)),
        "bashrc": bashrc.read_bytes() if bashrc.exists() else None,
    }
    assert after == before


def test_a_cell_that_runs_too_long_is_stopped_and_named(tmp_path: Path):
    notebook = write_notebook(
        tmp_path,
        "lent.ipynb",
        notebook_text("carnet-lent", "x = 1", "import time\ntime.sleep(600)", "print('jamais')"),
    )
    with pytest.raises(NotebookFailure) as failure:
        NotebookBuilder(tmp_path, cell_timeout=3).build(notebook)
    assert [str(p) for p in failure.value.problems] == [
        "content/carnets/lent.ipynb: cellule 3 (cellule de code n° 2) : plus de 3 s d’exécution (cellule arrêtée) — "
        "allégez le calcul ou les données : une cellule de leçon doit tourner en quelques secondes"
    ]


# --- every failing cell, at once, with its real error at its own line ------------------------------------


def test_one_build_reports_every_failing_cell_of_every_notebook_at_its_own_line(tmp_path: Path):
    first = notebook_text(
        "carnet-premier",
        "def moyenne(valeurs):\n    total = sum(valeurs)\n    return total / len(valeurs)",
        "ventes = []\nprint('calcul')\nmoyenne(ventes)",  # fails in a function of the first cell
        "class Tableau:\n    def _repr_html_(self):\n        raise ValueError('colonne « prix » absente')\nTableau()",
        ("raise KeyError('montré exprès')", ["raises-exception"]),
        "import pandas as pd\npd.DataFrame({'a': [1]}).loc['zz']",  # fails inside pandas
        "print('suite')",
    )
    second = notebook_text("carnet-second", "x = 1", "y = (", "print(z)")
    project = make_project(
        tmp_path,
        {"carnets/premier.ipynb": first, "carnets/second.ipynb": second},
        {"pme.yml": track_text("pme", [("M", ["carnet-premier", "carnet-second"])], audience="pme")},
    )
    result = run_academie("build", root=project)
    assert result.returncode == 1
    reported = re.findall(r"^content/carnets/\S+: cellule .*$", result.stderr, re.M)
    assert [line.split(" — ")[0] for line in reported] == [
        "content/carnets/premier.ipynb: cellule 3 (cellule de code n° 2, ligne 3) : ZeroDivisionError: division by zero",
        "content/carnets/premier.ipynb: cellule 4 (cellule de code n° 3, ligne 3) : ValueError: colonne « prix » absente",
        "content/carnets/premier.ipynb: cellule 6 (cellule de code n° 5, ligne 2) : KeyError: 'zz'",
        "content/carnets/second.ipynb: cellule 3 (cellule de code n° 2, ligne 1) : SyntaxError: incomplete input",
        "content/carnets/second.ipynb: cellule 4 (cellule de code n° 3, ligne 1) : NameError: name 'z' is not defined",
    ], result.stderr
    assert "NoneType" not in result.stderr and "Traceback" not in result.stderr
    assert "5 erreur(s) dans les carnets" in result.stderr
    assert not (project / "build" / "site").exists()

"""One notebook run: every code cell, top to bottom, on a fresh kernel inside its sandbox.

The run goes on after a failing cell, so that one build reports every failing cell of every
notebook (the later cells may of course fail because of an earlier one: fix from the top).
A cell tagged `raises-exception` is meant to fail: its error is an output like any other. A
cell that runs longer than the time limit, or a kernel that dies, ends the notebook's run.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from academie.content.problems import Problem
from academie.notebooks.cell_errors import cell_problem, where
from academie.notebooks.files import KERNEL, Notebook, to_node
from academie.notebooks.sandbox import MISSING, Sandbox, SandboxedKernelManager, bwrap_path

NO_START = (
    "vérifiez que bubblewrap fonctionne sur cette machine : « bwrap --unshare-all --ro-bind / / true » "
    "doit réussir (les espaces de noms utilisateur doivent être autorisés)"
)


async def run_cells(nb: dict[str, Any], notebook: Notebook, data: list[str], timeout: int) -> tuple[Any, list[Problem]]:
    """The executed notebook (an nbformat node) and the problems of its failing cells."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    node = to_node(nb)
    if bwrap_path() is None:
        return node, [Problem(notebook.shown, None, *MISSING)]
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="academie-carnet-") as folder:
        scratch = Path(folder)
        mirror = scratch / "content"
        for name in data:
            (mirror / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(notebook.content / name, mirror / name)
        sandbox = Sandbox(scratch, mirror / notebook.folder)
        sandbox.prepare()
        client = NotebookClient(
            node,
            timeout=timeout,
            kernel_name=KERNEL,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(sandbox.workdir)}},
        )
        manager = SandboxedKernelManager(kernel_name=KERNEL)
        manager.sandbox = sandbox
        # Local socket files in the scratch folder: no TCP port, so the sandbox can have no network.
        manager.transport = "ipc"
        manager.ip = str(scratch / "noyau")
        manager.connection_file = str(scratch / "noyau.json")
        client.km = manager
        number, index = 0, 0
        try:
            async with client.async_setup_kernel():
                for index, cell in enumerate(node.cells):
                    if cell.cell_type != "code":
                        continue
                    number += 1
                    try:
                        await client.async_execute_cell(cell, index)
                    except CellExecutionError as error:
                        problems.append(cell_problem(notebook, index, number, cell, error))
        except CellTimeoutError:
            problems.append(
                Problem(
                    notebook.shown,
                    None,
                    f"{where(index, number)} : plus de {timeout} s d’exécution (cellule arrêtée)",
                    "allégez le calcul ou les données : une cellule de leçon doit tourner en quelques secondes",
                )
            )
        except DeadKernelError as error:
            problems.append(
                Problem(
                    notebook.shown,
                    None,
                    f"{where(index, number)} : le noyau Python s’est arrêté ({error})",
                    "vérifiez la mémoire utilisée par le carnet",
                )
            )
        except Exception as error:  # the kernel did not start: bwrap refused, most often
            if number:
                raise
            problems.append(
                Problem(
                    notebook.shown, None, f"le noyau Python n’a pas démarré dans son bac à sable ({error})", NO_START
                )
            )
    return node, problems

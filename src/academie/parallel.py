"""CPU-bound drawing spread over the machine's cores.

Link-preview cards (Pillow, about 4 ms each) and QR codes (about 0.7 ms for both files: see
bench/drawings.py) would keep one core busy for 5 s at a thousand lessons on a first build. Worker
processes draw them side by side, at a lower priority than the build that waits for them; a
handful of items is drawn in the calling process, where starting workers would cost more."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORTH_A_POOL = 64  # below this many items, one process is faster than starting workers
WORKER_NICENESS = 5


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[function(item) for item in items]`, in worker processes when there are many items.
    `function` must be a module-level function and the items picklable. Workers are started by a
    fork server, not forked from the caller, which may be running threads (mkdocs serve)."""
    cores = os.cpu_count() or 1
    if len(items) < WORTH_A_POOL or cores < 2:
        return [function(item) for item in items]
    context = multiprocessing.get_context("forkserver")
    _preload(context, function)
    with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        return list(pool.map(function, items, chunksize=max(1, len(items) // (cores * 4))))


def start_on_cores(function: Callable[[Item], Result], items: Sequence[Item]) -> Callable[[], list[Result]]:
    """`map_on_cores`, started at once in worker processes and left running: the caller goes on with
    its own work and calls the returned function to wait for the results. A handful of items is
    left for that call, in the calling process."""
    cores = os.cpu_count() or 1
    if len(items) < WORTH_A_POOL or cores < 2:
        return lambda: [function(item) for item in items]
    context = multiprocessing.get_context("forkserver")
    _preload(context, function)
    # Lower priority: the drawings are needed at the end of the website's build, which is the
    # longest of `academie build` and must not wait for a core while they are drawn.
    pool = ProcessPoolExecutor(max_workers=cores, mp_context=context, initializer=os.nice, initargs=(WORKER_NICENESS,))
    # Executor.map submits every chunk now; the results are read when the caller asks for them.
    results = pool.map(function, items, chunksize=max(1, len(items) // (cores * 4)))

    def finish() -> list[Result]:
        try:
            return list(results)
        finally:
            pool.shutdown()

    return finish


def _preload(context: multiprocessing.context.ForkServerContext, function: Callable[..., object]) -> None:
    """The fork server imports the function's module once, before it starts, and every worker is
    forked from it with that module loaded, instead of importing it again (a quarter of a second
    each for the drawing modules). Has no effect once the server is running."""
    context.set_forkserver_preload([function.__module__])

"""Where the case builds run: in this process, in a local process pool, or on a Dask cluster.

Each executor takes the tasks and yields a :class:`CaseOutcome` per case as it finishes.
Closing the generator early (Ctrl-C) cancels what has not started.

* ``inline``: ``--jobs 1``, in this process (no start-up cost, simplest tracebacks);
* ``local``: a pool of ``--jobs`` worker processes (forkserver); each imports the heavy
  libraries once, and is replaced after :data:`CASES_PER_WORKER` cases so that memory
  stays bounded over thousands of cases;
* ``dask``: the same builder on a ``distributed`` cluster; the workers must see
  the case folders and OUT at the same paths (a shared filesystem).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from evidence_kit.batch.cases import Builder, BuildTask, CaseOutcome, warm_up
from evidence_kit.errors import MissingDependency
from evidence_kit.i18n import _

CASES_PER_WORKER = 200
"""A pool worker is replaced by a fresh process after this many cases (bounds its memory)."""
MAX_JOBS = 256
"""The most worker processes one batch starts on this machine."""
EXECUTORS = ("local", "dask")
SCHEDULER_TIMEOUT_S = 30
"""How long to wait for the Dask scheduler to answer."""


class ClusterUnavailable(MissingDependency):
    """The Dask scheduler cannot be reached (exit 11, like any missing service)."""


def run_inline(tasks: Sequence[BuildTask], build: Builder) -> Generator[CaseOutcome, None, None]:
    for task in tasks:
        yield build(task)


def run_local(tasks: Sequence[BuildTask], build: Builder, jobs: int) -> Generator[CaseOutcome, None, None]:
    """Build in ``jobs`` worker processes; at most ``2 × jobs`` cases are queued at a time."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["evidence_kit.batch.cases"])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=warm_up,
                               max_tasks_per_child=CASES_PER_WORKER)
    pending: set[Future[CaseOutcome]] = set()
    queue = iter(tasks)
    try:
        while True:
            for task in queue:
                pending.add(pool.submit(build, task))
                if len(pending) >= 2 * jobs:
                    break
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(tasks: Sequence[BuildTask], build: Builder, scheduler: str) -> Generator[CaseOutcome, None, None]:
    """Build on the Dask cluster whose scheduler listens at ``scheduler`` (tcp://HOST:PORT)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise MissingDependency(_("the Dask executor needs the 'distributed' package"),
                                hint=_("pip install distributed (see requirements.lock)")) from exc
    try:
        client = Client(scheduler, set_as_default=False, timeout=SCHEDULER_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(_("cannot reach the Dask scheduler at {scheduler} ({why})", scheduler=scheduler,
                                   why=exc),
                                 hint=_("start it (dask scheduler) or give --scheduler tcp://HOST:PORT")) from exc
    try:
        futures = client.map(build, list(tasks), pure=False)
        try:
            for future in as_completed(futures, loop=client.loop):
                yield future.result()
        finally:
            client.cancel([f for f in futures if not f.done()])
    finally:
        client.close()

"""Extraction in local worker processes (`extract --jobs N`), results in input order.

Parsing is CPU-bound Python and C, so threads would not help. This process
loads spaCy and the lexicons once, then forks the workers, which start with
them loaded (shared copy-on-write) and take chunks of documents: one load of
about two seconds, not one per worker competing for the same cores.
This process only reads the inputs and writes the results, so a few chunks
per worker are kept in flight (enough that no worker waits, few enough that
memory does not grow with the corpus) and results come back in input order:
the output is the same as one process's, whatever the timing.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

from pactwatch.errors import PactwatchError

T = TypeVar("T")
R = TypeVar("R")

#: Chunks per worker submitted but not yet handed back: one running, one waiting.
IN_FLIGHT_PER_JOB = 2


class WorkerError(PactwatchError):
    """A worker process died (killed, out of memory) while extracting."""


def warm_up() -> None:
    """Load spaCy and the lexicons (cached per process) before the workers are forked."""
    from pactwatch.actors import load_actor_lexicon
    from pactwatch.events.lexicon import load_cues, load_triggers
    from pactwatch.nlp import pipeline_info

    pipeline_info()
    load_actor_lexicon()
    load_cues()
    load_triggers()


def in_order(
    items: Iterable[T], work: Callable[[list[T]], list[R]], *, jobs: int, chunk: int
) -> Iterator[R]:
    """`work` applied to consecutive chunks of `items` in `jobs` processes; results in order.

    `work` must be a module-level function (it is sent to the workers by name)
    and must not raise: a document's failure belongs in its result.
    """
    source = iter(items)
    warm_up()
    # fork: the workers start at once with the models already loaded
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        out: deque[Future[list[R]]] = deque()
        try:
            while True:
                while len(out) < IN_FLIGHT_PER_JOB * jobs and (
                    batch := list(islice(source, chunk))
                ):
                    out.append(pool.submit(work, batch))
                if not out:
                    return
                yield from out.popleft().result()
        except BrokenProcessPool:
            raise WorkerError(
                "a worker process died while extracting (killed, or out of memory?)"
            ) from None
        finally:
            for future in out:
                future.cancel()

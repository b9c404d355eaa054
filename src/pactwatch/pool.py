"""Work in local worker processes (`extract --jobs N`, `ingest --workers N`), results in order.

Parsing is CPU-bound Python and C, so threads would not help. This process
loads spaCy and the lexicons once, then forks the workers, which start with
them loaded (shared copy-on-write) and take chunks of documents: one load of
about a second, not one per worker competing for the same cores, and no
cluster to start. This process only reads the inputs and takes the results
(`ingest` writes them), so a few chunks per worker are kept in flight (enough
that no worker waits, few enough that memory does not grow with the corpus)
and results come back in input order: the output is the same as one
process's, whatever the timing.

A worker that dies (killed, out of memory) breaks the whole pool in
`concurrent.futures`; the chunks still out are then given to a new pool, so
the run loses and doubles nothing. A chunk out when the pool broke
MAX_ATTEMPTS times ends the run (`WorkerError`): it is the likely killer.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.synchronize import Semaphore
from typing import Generic, TypeVar

from pactwatch.errors import PactwatchError

T = TypeVar("T")
R = TypeVar("R")

#: Chunks per worker submitted but not yet handed back: one running, one waiting.
IN_FLIGHT_PER_JOB = 2
#: Times a chunk is started on a pool that then breaks before the run gives up on it.
MAX_ATTEMPTS = 3


class WorkerError(PactwatchError):
    """Worker processes kept dying (killed, out of memory) on the same documents."""


def warm_up() -> None:
    """Load spaCy and the lexicons (cached per process) before the workers are forked."""
    from pactwatch.actors import load_actor_lexicon
    from pactwatch.events.lexicon import load_cues, load_triggers
    from pactwatch.nlp import pipeline_info

    pipeline_info()
    load_actor_lexicon()
    load_cues()
    load_triggers()


#: Chunks `ahead` may have finished and not yet handed over (bounds its memory)...
AHEAD_CHUNKS = 32
#: ... and before the caller takes the first, while it loads spaCy (about a second):
#: enough for the whole second, some 700 news articles, where 32 chunks took 0.4 s
#: and left the core idle for the rest.
AHEAD_WHILE_LOADING = 128


def ahead(items: Iterable[T], work: Callable[[list[T]], list[R]], *, chunk: int) -> Iterator[R]:
    """`work` applied to consecutive chunks of `items` in one more process, started now.

    For a first stage that needs neither spaCy nor much memory (reading and
    cleaning documents): forked before the caller loads spaCy, it uses the
    core that would idle while spaCy loads, then keeps a few chunks ahead of
    the workers. The process iterates `items` itself (the caller must not);
    `work` must not raise. Results come back in order.
    """
    context = multiprocessing.get_context("fork")
    done: multiprocessing.Queue[tuple[str, object]] = context.Queue()
    taken = context.Semaphore(0)  # released for every chunk the caller takes
    process = context.Process(
        target=_work_ahead, args=(items, work, chunk, done, taken), daemon=True
    )
    process.start()
    return _taken(done, taken, process)


def _work_ahead(
    items: Iterable[T],
    work: Callable[[list[T]], list[R]],
    chunk: int,
    done: multiprocessing.Queue[tuple[str, object]],
    taken: Semaphore,
) -> None:
    try:
        source = iter(items)
        room = _Room(taken)
        while batch := list(islice(source, chunk)):
            results = work(batch)
            room.wait()
            done.put(("results", results))
        done.put(("end", None))
    except BaseException as exc:  # the caller says which, and stops
        done.put(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        done.close()
        done.join_thread()


class _Room:
    """The chunks `_work_ahead` put and the caller took, so it stays a bounded number ahead."""

    def __init__(self, taken: Semaphore) -> None:
        self._taken = taken
        self._put = 0
        self._acknowledged = 0

    def wait(self) -> None:
        """Block until one more chunk may be put: AHEAD_WHILE_LOADING of them until the
        caller takes its first, AHEAD_CHUNKS after."""
        while self._taken.acquire(block=False):
            self._acknowledged += 1
        while self._put - self._acknowledged >= self._limit():
            self._taken.acquire()
            self._acknowledged += 1
        self._put += 1

    def _limit(self) -> int:
        return AHEAD_CHUNKS if self._acknowledged else AHEAD_WHILE_LOADING


def _taken(
    done: multiprocessing.Queue[tuple[str, object]],
    taken: Semaphore,
    process: multiprocessing.process.BaseProcess,
) -> Iterator[R]:
    try:
        while True:
            try:
                kind, value = done.get(timeout=1.0)
            except queue.Empty:
                if not process.is_alive():
                    raise WorkerError(
                        "the process reading the documents died (killed, or out of memory?)"
                    ) from None
                continue
            if kind == "end":
                return
            if kind == "failed":
                raise WorkerError(f"reading the documents failed: {value}")
            taken.release()
            yield from value  # type: ignore[misc]
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


def in_order(
    items: Iterable[T], work: Callable[[list[T]], list[R]], *, jobs: int, chunk: int
) -> Iterator[R]:
    """`work` applied to consecutive chunks of `items` in `jobs` processes; results in order.

    `work` must be a module-level function (it is sent to the workers by name)
    and must not raise: a document's failure belongs in its result.
    """
    return chain.from_iterable(chunks_in_order(items, work, jobs=jobs, chunk=chunk))


@dataclass(slots=True)
class _Chunk(Generic[T, R]):
    items: list[T]
    future: Future[list[R]]
    attempts: int = 1


def chunks_in_order(
    items: Iterable[T],
    work: Callable[[list[T]], list[R]],
    *,
    jobs: int,
    chunk: int,
    least: int = 1,
    describe: Callable[[T], str] = str,
) -> Iterator[list[R]]:
    """As `in_order`, the results of whole chunks of `chunk` items at a time, in order.

    Each hand-back joins at least `least` consecutive chunks (fewer at the
    end) and any later ones already finished: a caller that writes each
    hand-back in one transaction writes few, large ones, and more of them
    when it falls behind. `describe` names an item in the error should
    workers keep dying on its chunk.
    """
    source = iter(items)
    warm_up()
    # fork: the workers start at once with the models already loaded
    context = multiprocessing.get_context("fork")
    # the chunks being gathered for a hand-back count too, so workers stay fed meanwhile
    bound = IN_FLIGHT_PER_JOB * jobs + least - 1
    out: deque[_Chunk[T, R]] = deque()
    pool = ProcessPoolExecutor(jobs, mp_context=context)
    try:
        while True:
            results: list[R] = []
            taken = 0
            while True:
                while len(out) < bound and (batch := list(islice(source, chunk))):
                    out.append(_Chunk(batch, _submit(pool, work, batch)))
                if not out or taken == bound or (taken >= least and not _succeeded(out[0].future)):
                    break  # out is full again: the workers stay busy while the caller works
                try:
                    results += out[0].future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = ProcessPoolExecutor(jobs, mp_context=context)
                    _resubmit(pool, out, work, describe)
                    continue
                out.popleft()
                taken += 1
            if not taken:
                return
            yield results
    finally:
        for pending in out:
            pending.future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _succeeded(future: Future[list[R]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _resubmit(
    pool: ProcessPoolExecutor,
    out: deque[_Chunk[T, R]],
    work: Callable[[list[T]], list[R]],
    describe: Callable[[T], str],
) -> None:
    """Give every chunk still out and unfinished to a new pool, in order, counting attempts."""
    for pending in out:
        if _succeeded(pending.future):
            continue  # finished before the pool broke: its results stand
        if pending.attempts >= MAX_ATTEMPTS:
            raise WorkerError(
                f"worker processes died {MAX_ATTEMPTS} times while the {len(pending.items)} "
                f"documents from {describe(pending.items[0])} were out (killed, or out "
                "of memory?)"
            )
        pending.attempts += 1
        pending.future = _submit(pool, work, pending.items)


def _submit(
    pool: ProcessPoolExecutor, work: Callable[[list[T]], list[R]], items: list[T]
) -> Future[list[R]]:
    """The chunk's future; one failed with BrokenProcessPool if the pool broke already."""
    try:
        return pool.submit(work, items)
    except BrokenProcessPool as broken:
        future: Future[list[R]] = Future()
        future.set_exception(broken)
        return future

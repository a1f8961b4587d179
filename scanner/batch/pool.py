"""A process pool that notices a dead worker.

`multiprocessing.Pool` waits forever for the result of a task whose worker was killed (the kernel's
out-of-memory killer, a crash in a C library): the batch hangs. Here each worker has its own pipe
and the parent watches both the pipes and the processes: when a worker dies, the task it was
working on becomes `on_death(task, reason)`, the tasks queued behind it go to the others, a new
worker takes its place, and the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import signal
import struct
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

__all__ = ["death_reason", "run_pool"]

T = TypeVar("T")
R = TypeVar("R")

# Tasks handed to a worker ahead of its results, so it never waits for the next one. Only small
# tasks are sent ahead: a large one sent while the worker sends back a large result could block
# both ends of the pipe, so it waits until the worker has nothing pending.
PREFETCH = 4
_AHEAD_MAX_BYTES = 16_384


def _worker_main(
    conn: Connection,
    init: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    work: Callable[[Any], Any],
    parents: Sequence[Connection] = (),
) -> None:
    # A forked worker holds copies of the parent's ends of every pipe (its own and the other
    # workers'). Closed here, so that when the parent dies (even by SIGKILL) the pipes close:
    # a waiting worker reads EOF and a sending one gets an error, and both exit.
    for end in parents:
        try:
            end.close()
        except OSError:
            pass
    if init is not None:
        init(*initargs)
    while True:
        try:
            task = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send(work(task))
        except (BrokenPipeError, ConnectionResetError):
            return  # the parent is gone


_KEEP_BUFFER = 1 << 23  # a receive buffer larger than this is not kept for the next result


def _read_into(fd: int, view: memoryview) -> int:
    """Fill `view` from `fd`; returns the bytes read (fewer only at the end of the stream)."""
    got = 0
    while got < len(view):
        n = os.readv(fd, [view[got:]])
        if n == 0:
            break
        got += n
    return got


def _receive(conn: Connection, buf: bytearray) -> tuple[Any, bytearray]:
    """`conn.recv()` (the same framing, the same errors), read straight into `buf` (grown when
    too small) and unpickled from there: no buffer allocated and copied per read, as
    `Connection.recv` does. Returns the object and the buffer to use next time."""
    fd = conn.fileno()
    head = bytearray(4)
    got = _read_into(fd, memoryview(head))
    if got < 4:
        raise EOFError if got == 0 else OSError("got end of file during message")
    (size,) = struct.unpack("!i", head)
    if size == -1:
        big = bytearray(8)
        if _read_into(fd, memoryview(big)) < 8:
            raise OSError("got end of file during message")
        (size,) = struct.unpack("!Q", big)
    if len(buf) < size:
        buf = bytearray(size)
    view = memoryview(buf)[:size]
    try:
        if _read_into(fd, view) < size:
            raise OSError("got end of file during message")
        obj = pickle.loads(view)
    finally:
        view.release()
    return obj, (buf if len(buf) <= _KEEP_BUFFER else bytearray())


def death_reason(exitcode: int | None) -> str:
    """How a worker ended, in words: "killed by SIGKILL (out of memory?)", "exited with 3"."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"the worker process was killed by {name}{hint}"
    return f"the worker process exited with code {exitcode}"


@dataclass
class _Worker(Generic[T]):
    process: Any
    conn: Connection
    pending: deque[T] = field(default_factory=deque)
    buf: bytearray = field(default_factory=bytearray)  # where its results are received


def run_pool(
    tasks: Iterable[T],
    work: Callable[[T], R],
    *,
    workers: int,
    on_death: Callable[[T, str], R],
    init: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Generator[R, None, None]:
    """`work(task)` for every task in `workers` processes; results in completion order.

    A task whose worker dies yields `on_death(task, reason)` instead; it is not retried (what
    killed the worker would likely kill the next one). Closing the iterator stops the workers.
    """
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx: Any = mp.get_context(method)
    source = iter(tasks)
    requeued: deque[T] = deque()
    exhausted = False

    def next_task() -> tuple[bool, T | None]:
        nonlocal exhausted
        if requeued:
            return True, requeued.popleft()
        if exhausted:
            return False, None
        try:
            return True, next(source)
        except StopIteration:
            exhausted = True
            return False, None

    def start() -> _Worker[T]:
        parent, child = ctx.Pipe()
        inherited = [parent, *(w.conn for w in pool)] if method == "fork" else []
        proc = ctx.Process(
            target=_worker_main, args=(child, init, initargs, work, inherited), daemon=True
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    held: dict[int, tuple[T, bytes]] = {}  # a large task waiting for its worker to be idle

    def feed(w: _Worker[T]) -> None:
        while len(w.pending) < PREFETCH:
            if id(w) in held:
                task, data = held[id(w)]
            else:
                ok, next_ = next_task()
                if not ok:
                    return
                task, data = next_, pickle.dumps(next_)  # type: ignore[assignment]
            if w.pending and len(data) > _AHEAD_MAX_BYTES:
                held[id(w)] = (task, data)
                return
            held.pop(id(w), None)
            w.pending.append(task)
            w.conn.send_bytes(data)

    pool: list[_Worker[T]] = []
    for _ in range(max(1, workers)):
        pool.append(start())
    try:
        for w in pool:
            feed(w)
        while any(w.pending for w in pool) or held:
            ready = set(
                wait([w.conn for w in pool if w.pending] + [w.process.sentinel for w in pool])
            )
            for i, w in enumerate(pool):
                if w.conn in ready:
                    try:
                        result, w.buf = _receive(w.conn, w.buf)
                    except (EOFError, OSError):
                        result = None  # the worker is gone: handled with its sentinel below
                    else:
                        w.pending.popleft()
                        yield result
                        feed(w)
                        continue
                if w.process.sentinel in ready or (w.conn in ready and not w.process.is_alive()):
                    w.process.join()
                    reason = death_reason(w.process.exitcode)
                    w.conn.close()
                    lost = list(w.pending)
                    if id(w) in held:
                        requeued.append(held.pop(id(w))[0])
                    pool[i] = start()
                    if lost:
                        requeued.extend(lost[1:])  # never started: another worker takes them
                        yield on_death(lost[0], reason)
                    feed(pool[i])
            for w in pool:
                feed(w)
    finally:
        _stop(pool)


def _stop(pool: list[_Worker[Any]]) -> None:
    """Idle workers are told to stop; busy ones (an interrupted run) are terminated."""
    for w in pool:
        try:
            if w.pending:
                w.process.terminate()
            elif w.process.is_alive():
                w.conn.send_bytes(pickle.dumps(None))
        except (OSError, ValueError):
            w.process.terminate()
    for w in pool:
        w.process.join(timeout=5.0)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()

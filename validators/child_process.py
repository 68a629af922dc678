"""Run a function on hostile input in a child process with memory and time limits.

C libraries (pdfium) and pure-Python loops (pdfminer, zipfile's inflate) cannot be interrupted
from a thread, and a decompression bomb can exhaust memory. So such work runs here: a forked
child whose address space may grow by ``memory_bytes`` beyond what it inherited (``RLIMIT_AS``),
killed when ``timeout_s`` has passed. Whatever happens in the child the caller gets the result,
one of the ``expected`` exceptions the function raised, or a :class:`ChildFailed` saying why not.

``fork`` is used because it costs about a millisecond and the child inherits the imported
libraries; the child only computes and sends back plain data, so locks held by other threads of
the parent (the web server's) are never taken in the child.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable
from typing import Any

_CONTEXT = multiprocessing.get_context("fork")
# in a child whose caller listens for progress: the pipe that carries it
_progress_pipe = None


class ChildFailed(Exception):
    """The child gave no result. ``reason``: ``timeout``, ``memory``, ``died`` or ``error``
    (an exception outside ``expected``; ``detail`` is its type name, ``detail_en`` adds its text)."""

    def __init__(self, reason: str, detail: str = "", detail_en: str = ""):
        super().__init__(reason, detail, detail_en)
        self.reason, self.detail, self.detail_en = reason, detail, detail_en or detail


def step() -> None:
    """Tell the caller one more unit of this child's work is done (a page read): its
    ``on_progress`` is called. Outside a child with a listening caller, nothing happens."""
    if _progress_pipe is not None:
        _progress_pipe.send(("step", None))


def _child(conn, fn: Callable, args: tuple, memory_bytes: int, expected: tuple,
           with_progress: bool) -> None:
    global _progress_pipe
    _progress_pipe = conn if with_progress else None
    faulthandler.disable()  # a crash in a C library is reported to the caller, not dumped
    # the limit is on what the work allocates, on top of the address space the child inherits:
    # a parent grown past the limit (a long-lived server or test process, OCR models preloaded)
    # would otherwise leave the child no room at all, and every PDF would look damaged
    limit = _address_space() + memory_bytes
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit already in place is fine
        pass
    try:
        conn.send(("ok", fn(*args)))
    except expected as e:
        conn.send(("expected", e))
    except MemoryError:
        conn.send(("failed", ChildFailed("memory")))
    except BaseException as e:  # noqa: BLE001 - the caller decides what a library error means
        conn.send(("failed", ChildFailed("error", type(e).__name__,
                                         f"{type(e).__name__}: {str(e)[:200]}")))
        traceback.clear_frames(e.__traceback__)
    finally:
        conn.close()


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def run_limited(fn: Callable, *args, memory_bytes: int, timeout_s: float,
                expected: tuple[type[BaseException], ...] = (),
                on_progress: Callable[[], None] | None = None) -> Any:
    """``fn(*args)`` in a child process; its result, an ``expected`` exception, or ChildFailed.

    ``fn`` must be a module-level function whose result (and expected exceptions) pickle.
    ``on_progress()`` is called here each time the child calls :func:`step`; what it raises
    stops the child and reaches the caller (a cancelled job).
    """
    receive, send = _CONTEXT.Pipe(duplex=False)
    proc = _CONTEXT.Process(target=_child, daemon=True,
                            args=(send, fn, args, memory_bytes, expected, on_progress is not None))
    proc.start()
    send.close()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                raise ChildFailed("timeout")
            try:
                status, value = receive.recv()
            except (EOFError, OSError):
                proc.join(5)
                raise ChildFailed("died", str(proc.exitcode)) from None
            if status != "step":
                break
            on_progress()
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status != "ok":
        raise value
    return value

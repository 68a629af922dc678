"""Run PDF work in a child process that can be stopped.

pdfium is C and pdfminer/pypdf are pure-Python loops; neither can be interrupted from a thread,
and a decompression bomb can exhaust memory. So every call that touches the bytes of an upload
runs here: a forked child with ``RLIMIT_AS`` set to :attr:`Limits.memory_bytes`, killed when
:attr:`Limits.timeout_s` has passed. Whatever happens in the child (an exception outside a
library's own error classes, ``MemoryError``, ``RecursionError``, a crash) the caller gets
either the result or an :class:`UnreadablePdf`.

``fork`` is used because it costs about a millisecond and the child inherits the imported
libraries; the child only computes and sends back plain data, so locks held by other threads of
the parent (the web server's) are never taken in the child.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from typing import Any

from validators.pdf.limits import DEFAULT_LIMITS, Limits, UnreadablePdf

_CONTEXT = multiprocessing.get_context("fork")


def _child(conn, fn: Callable, args: tuple, memory_bytes: int) -> None:
    faulthandler.disable()  # a crash in pdfium is reported as a damaged file, not a dump
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):  # a lower hard limit already in place is fine
        pass
    try:
        conn.send(("ok", fn(*args)))
    except UnreadablePdf as e:
        conn.send(("unreadable", e))
    except MemoryError:
        conn.send(("unreadable", UnreadablePdf(
            "too-large", f"解析所需内存超过上限 {memory_bytes // 1048576} MB",
            f"parsing needs more than {memory_bytes // 1048576} MB of memory")))
    except BaseException as e:  # noqa: BLE001 - any library error is a damaged file to the user
        conn.send(("unreadable", UnreadablePdf(
            "damaged", f"{type(e).__name__}", f"{type(e).__name__}: {str(e)[:200]}")))
        traceback.clear_frames(e.__traceback__)
    finally:
        conn.close()


def run(fn: Callable, *args, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``fn(*args)`` in a worker process; its result, or :class:`UnreadablePdf`.

    ``fn`` must be a module-level function whose result pickles (plain data).
    """
    receive, send = _CONTEXT.Pipe(duplex=False)
    proc = _CONTEXT.Process(target=_child, args=(send, fn, args, limits.memory_bytes), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(limits.timeout_s):
            raise UnreadablePdf("timeout", f"超过 {limits.timeout_s:g} 秒",
                                f"over {limits.timeout_s:g} s")
        try:
            status, value = receive.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise UnreadablePdf("damaged", f"解析进程异常退出（代码 {proc.exitcode}）",
                                f"the parsing process died (exit code {proc.exitcode})") from None
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "unreadable":
        raise value
    return value

"""Run PDF work in a child process that can be stopped.

pdfium is C and pdfminer/pypdf are pure-Python loops; neither can be interrupted from a thread,
and a decompression bomb can exhaust memory. So every call that touches the bytes of an upload
runs in :func:`validators.child_process.run_limited`: a forked child with ``RLIMIT_AS`` set to
:attr:`Limits.memory_bytes`, killed when :attr:`Limits.timeout_s` has passed. Whatever happens
in the child (an exception outside a library's own error classes, ``MemoryError``,
``RecursionError``, a crash) the caller gets either the result or an :class:`UnreadablePdf`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from validators.child_process import ChildFailed, run_limited
from validators.pdf.limits import DEFAULT_LIMITS, Limits, UnreadablePdf


def _unreadable(failed: ChildFailed, limits: Limits) -> UnreadablePdf:
    if failed.reason == "timeout":
        return UnreadablePdf("timeout", f"超过 {limits.timeout_s:g} 秒", f"over {limits.timeout_s:g} s")
    if failed.reason == "memory":
        mb = limits.memory_bytes // 1048576
        return UnreadablePdf("too-large", f"解析所需内存超过上限 {mb} MB",
                             f"parsing needs more than {mb} MB of memory")
    if failed.reason == "died":
        return UnreadablePdf("damaged", f"解析进程异常退出（代码 {failed.detail}）",
                             f"the parsing process died (exit code {failed.detail})")
    # any library error is a damaged file to the user
    return UnreadablePdf("damaged", failed.detail, failed.detail_en)


def run(fn: Callable, *args, limits: Limits = DEFAULT_LIMITS,
        on_progress: Callable[[], None] | None = None) -> Any:
    """``fn(*args)`` in a worker process; its result, or :class:`UnreadablePdf`.

    ``fn`` must be a module-level function whose result pickles (plain data); each
    ``child_process.step()`` it makes calls ``on_progress()`` here.
    """
    try:
        return run_limited(fn, *args, memory_bytes=limits.memory_bytes, timeout_s=limits.timeout_s,
                           expected=(UnreadablePdf,), on_progress=on_progress)
    except ChildFailed as failed:
        raise _unreadable(failed, limits) from None

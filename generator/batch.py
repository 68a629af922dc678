"""Render many single-record forms at once, on every core.

A registration round sends thousands of records; rendering is CPU-bound Python (WeasyPrint
layout, Jinja), so threads would wait on the GIL. Each worker process keeps its own compiled
templates, stylesheet and fonts (the caches of generator.render), so they are built once per
worker, not once per form.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from generator.render import RenderedForm, RenderRefused, render


def _one(args) -> RenderedForm | list:
    form_name, record, fmt, draft = args
    try:
        return render(form_name, record, fmt, draft)
    except RenderRefused as e:       # one bad record must not stop the batch
        return e.findings            # (plain data crosses the process boundary)


def render_each(form_name: str, records: list[dict], fmt: str, *, draft: bool = False,
                jobs: int | None = None, on_each: Callable[[], None] | None = None
                ) -> list[RenderedForm | RenderRefused]:
    """One rendered form per record, in the records' order; a refused record gives its
    :class:`RenderRefused` in its place. ``jobs`` defaults to the number of cores;
    ``on_each()`` is called as each form is done (a progress bar)."""
    on_each = on_each or (lambda: None)
    jobs = jobs or os.cpu_count() or 1
    work = [(form_name, r, fmt, draft) for r in records]
    if jobs == 1 or len(records) < 2:
        results = []
        for w in work:
            results.append(_one(w))
            on_each()
    else:
        # fork: the workers inherit the imported modules; each warms its own caches once
        with ProcessPoolExecutor(max_workers=min(jobs, len(records)),
                                 mp_context=get_context("fork")) as pool:
            results = []
            for result in pool.map(_one, work, chunksize=max(1, len(work) // (jobs * 4))):
                results.append(result)
                on_each()
    return [r if isinstance(r, RenderedForm) else RenderRefused(r) for r in results]

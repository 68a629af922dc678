"""Progress of long work on the command line (issue #16): a Rich progress bar (count, rate,
time left) on a terminal, one plain line per item otherwise, so a log or CI shows how far a
batch got without the bar's control characters."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from service.cli_app import err


class RateColumn(ProgressColumn):
    """Items a second, in the batch's unit (Rich's own speed column counts bytes)."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} {self.unit}/秒", style="cyan")


def plain_line(what: str, done: int, total: int, unit: str, elapsed: float) -> str:
    """One line of progress: the count, the rate so far and the time left at that rate.

    >>> plain_line("生成表格", 2, 8, "份", 4.0)
    '生成表格：2/8 份，0.5 份/秒，预计还需 12 秒'
    """
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate else 0.0
    return f"{what}：{done}/{total} {unit}，{rate:.1f} {unit}/秒，预计还需 {left:.0f} 秒"


@contextmanager
def progress(what: str, total: int, unit: str) -> Iterator[Callable[[], None]]:
    """Yield ``advance()``, to call once per item done."""
    if err.is_terminal:
        columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
                   RateColumn(unit), TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn())
        with Progress(*columns, console=err) as bar:
            task = bar.add_task(what, total=total)
            yield lambda: bar.advance(task)
        return
    start, done = time.monotonic(), 0

    def advance() -> None:
        nonlocal done
        done += 1
        err.print(plain_line(what, done, total, unit, time.monotonic() - start), markup=False,
                  highlight=False, soft_wrap=True)
    yield advance

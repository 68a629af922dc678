"""The ``paperwork`` command-line app and what its commands share: the consoles, the exit
codes and the findings table. Each ``service/cli_*.py`` module registers its commands on
``app``; :mod:`service.cli` imports them all.
"""
from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from validators.findings import SEVERITY_ORDER, Severity

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="paperwork：科研管理材料的校验、表格生成与 PDF 核对。")


def _console(stderr: bool = False) -> Console:
    # Piped or captured output gets wide lines rather than 80 columns of folded Chinese.
    probe = Console(stderr=stderr)
    return Console(stderr=stderr, highlight=False, width=None if probe.is_terminal else 150)


out = _console()
err = _console(stderr=True)

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def settings_or_exit():
    """The ``PAPERWORK_*`` settings, or exit 2 saying in Chinese which one is wrong."""
    from service.settings import BadSetting, from_env
    try:
        return from_env()
    except BadSetting as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None


def findings_table(findings) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    for col, ratio in (("级别", 5), ("代码", 6), ("位置", 18), ("问题", 34), ("依据", 14),
                       ("如何修改", 28)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for f in sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.path, f.code)):
        where = f.path or "（整条记录）"
        if f.page:
            where += f" 第{f.page}页"
        table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{f.severity.label}[/]", f.code, where,
                      f.message, f.source, f.hint)
    return table


def summary_line(findings) -> str:
    n = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    return f"{n[Severity.ERROR]} 个错误，{n[Severity.WARNING]} 个警告，{n[Severity.INFO]} 条提示"

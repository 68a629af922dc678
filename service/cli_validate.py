"""``paperwork kinds``, ``schema``, ``rules`` and ``validate``: the catalogue and the records
checked against it.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 input unusable.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from generator.continued import with_continuations
from generator.render import with_missing_glyphs
from service.cli_app import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, app, err, findings_table, out, summary_line
from validators import catalogue, rounds
from validators.context import Context
from validators.engine import validate as validate_record
from validators.kinds import KINDS
from validators.loader import UnusableInput, load


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]{option} 应为 YYYY-MM-DD 格式的日期，例如 2026-01-10；收到“{value}”[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None


def load_round(name: str | None):
    if name is None:
        return None
    try:
        return rounds.load(name)
    except rounds.UnknownRound as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None


def load_others(directory: Path | None, exclude: list[Path]) -> tuple[tuple[dict, Path], ...]:
    if directory is None:
        return ()
    if not directory.is_dir():
        err.print(f"[red]--against 应为一个目录：{directory}[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    skip = {p.resolve() for p in exclude}
    found = []
    for p in sorted(directory.rglob("*.json")):
        if p.resolve() in skip:
            continue
        try:
            record, _ = load(p)
        except UnusableInput as e:
            err.print(f"[yellow]跳过 {p}：{e.message}[/yellow]")
            continue
        found.append((record, p))
    return tuple(found)


@app.command()
def kinds():
    """列出支持的记录类型。"""
    table = Table("类型 kind", "名称", "依据文件", "规则代码前缀", "规则数")
    for column in table.columns:
        column.overflow = "fold"
    for k in KINDS.values():
        table.add_row(k.name, k.title, k.source, k.prefix, str(len(catalogue.rules_for(k.name))))
    out.print(table)


@app.command()
def schema(kind: str = typer.Argument(..., help="记录类型，见 paperwork kinds")):
    """输出某类记录的 JSON Schema。"""
    if kind not in KINDS:
        err.print(f"[red]未知的记录类型“{kind}”；可选：{'、'.join(KINDS)}[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    sys.stdout.write(KINDS[kind].schema_path.read_text("utf-8"))


@app.command()
def rules(kind: str | None = typer.Option(None, "--kind", help="只列出某类记录的规则"),
          fmt: str = typer.Option("text", "--format", help="text、json 或 markdown")):
    """列出规则目录（像 linter 的规则列表）。"""
    selected = catalogue.rules_for(kind)
    if kind is not None and not selected:
        err.print(f"[red]没有类型为“{kind}”的规则；可选：{'、'.join(sorted({r.kind for r in catalogue.rules_for()}))}[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in selected], ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "markdown":
        from validators.catalogue_doc import catalogue_markdown
        sys.stdout.write(catalogue_markdown() + "\n")
        return
    table = Table("代码", "名称", "类型", "级别", "说明", "依据", expand=True)
    for r in selected:
        table.add_row(r.code, r.name, r.kind, r.severity.label, r.message, r.source)
    out.print(table)
    out.print(f"共 {len(selected)} 条规则")


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="记录文件（JSON，UTF-8 或 GBK/GB18030）"),
    fmt: str = typer.Option("text", "--format", help="text 或 json"),
    round_name: str | None = typer.Option(None, "--round", help=f"登记轮次：{'、'.join(rounds.available())}"),
    today: str | None = typer.Option(None, "--today", help="按此日期判断期限（YYYY-MM-DD），默认今天"),
    against: Path | None = typer.Option(None, "--against", help="已登记记录所在目录，用于重复登记等跨记录规则"),
):
    """校验记录：一次列出全部问题，每条指向字段并注明依据条款。"""
    if fmt not in ("text", "json"):
        err.print("[red]--format 只能是 text 或 json[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    ctx_today = parse_date(today, "--today") or date.today()
    the_round = load_round(round_name)
    others = load_others(against, files)
    exit_code = EXIT_OK
    results = []
    for path in files:
        try:
            record, encoding = load(path)
        except UnusableInput as e:
            exit_code = EXIT_UNUSABLE
            results.append({"file": str(path), "kind": None, "valid": False,
                            "error": {"reason": e.reason, "message": e.message,
                                      "message_en": e.message_en}})
            continue
        ctx = Context(today=ctx_today, round=the_round,
                      others=tuple(r for r, p in others))
        report = with_continuations(with_missing_glyphs(validate_record(record, ctx), record), record)
        if not report.valid and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
        results.append({"file": str(path), "kind": report.kind, "valid": report.valid,
                        "encoding": encoding, "findings": report.findings})
    if fmt == "json":
        payload = [{**r, "findings": [f.to_dict() for f in r["findings"]]} if "findings" in r else r
                   for r in results]
        for r in payload:
            if r.get("encoding") == "utf-8":
                del r["encoding"]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload,
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for r in results:
            print_text_result(r)
        out.print(f"判断期限所用日期：{ctx_today.isoformat()}"
                  + (f"；登记轮次：{the_round.title}" if the_round else ""))
    raise typer.Exit(exit_code)


def print_text_result(r: dict) -> None:
    if "error" in r:
        out.print(f"[bold red]✘ {r['file']}：无法校验[/] — {r['error']['message']}")
        return
    title = KINDS[r["kind"]].title
    findings = r["findings"]
    mark = "[bold green]✔[/]" if r["valid"] else "[bold red]✘[/]"
    note = "（按 GB18030 编码读取）" if r.get("encoding") == "gb18030" else ""
    out.print(f"{mark} [bold]{r['file']}[/] — {title}{note} — {summary_line(findings)}")
    if findings:
        out.print(findings_table(findings))

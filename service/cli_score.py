"""``paperwork score FILE``: the 期刊综合质量考核表 added up, item by item (seed 004).

The record is validated first: a record with errors gets its findings and exit 1, never a
score. Warnings do not stop it: a sheet without the proof materials of some items (JA201) is
scored, exit 0, with those items at 0 and a JA702 for each (004 填表说明 四 “有关评审项目一律不得分”).
The numbers come from ``validators.scoring.journal.score``; this module only prints them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from service.cli_app import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, app, err, findings_table, out, summary_line
from validators.context import Context
from validators.engine import validate
from validators.loader import UnusableInput, load
from validators.scoring.journal import COLUMNS, MissingColumn, SheetScore, score, show

KIND = "journal-assessment"
TABLE_TITLES = {
    "表3": "政治导向考核表", "表4-1": "社科学术类业务考核表", "表4-2": "政治经济类业务考核表",
    "表4-3": "文化教育类业务考核表", "表4-4": "公报年鉴类业务考核表", "表5-1": "编辑出版考核表",
    "表6": "法纪规范考核表", "表7": "加分项目统计表",
}


def _fail(message: str) -> None:
    err.print(f"[red]{message}[/red]")
    raise typer.Exit(EXIT_UNUSABLE)


@app.command("score")
def score_command(
    file: Path = typer.Argument(..., help="期刊综合质量考核表记录（JSON）"),
    column: str = typer.Option("self", "--column", help="self（自评得分）或 review（评审打分）"),
    fmt: str = typer.Option("text", "--format", help="text 或 json"),
):
    """期刊综合质量考核表计分：逐项计算 K、A、B、C、D、S 和考核等级，并说明每个数的来历。"""
    if column not in COLUMNS:
        _fail(f"--column 只能是 self（自评得分）或 review（评审打分），收到“{column}”")
    if fmt not in ("text", "json"):
        _fail("--format 只能是 text 或 json")
    try:
        record, _ = load(file)
    except UnusableInput as e:
        _fail(f"{file}：无法计分 — {e.message}")
    if record["kind"] != KIND:
        _fail(f"{file}：score 只适用于期刊综合质量考核表（kind 为 {KIND}），该记录的类型是“{record['kind']}”")
    report = validate(record, Context())
    if not report.valid:
        _print_findings(file, report, fmt)
        raise typer.Exit(EXIT_FINDINGS)
    try:
        sheet = score(record, column)
    except MissingColumn as e:
        _fail(f"{file}：{e.message}")
    if fmt == "json":
        payload = {"file": str(file), "kind": KIND, **sheet.to_dict(),
                   "validation_findings": [f.to_dict() for f in report.findings]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_sheet(file, record, sheet, report)
    raise typer.Exit(EXIT_OK)


def _print_findings(file: Path, report, fmt: str) -> None:
    if fmt == "json":
        payload = {"file": str(file), "kind": report.kind, "valid": False,
                   "findings": [f.to_dict() for f in report.findings]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold red]✘ {file}[/] — 记录有错误，无法计分 — {summary_line(report.findings)}")
    out.print(findings_table(report.findings))


def _show_input(values: dict) -> str:
    def one(v):
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, list):
            return "、".join(str(x) if not isinstance(x, dict) else x.get("level", "") for x in v) or "无"
        if isinstance(v, float):
            return show(v)
        return str(v)
    return "；".join(f"{k}={one(v)}" for k, v in values.items())


def _item_table(name: str, items, column_title: str) -> Table:
    subtotal = sum(i.score for i in items)
    table = Table(title=f"{name} {TABLE_TITLES.get(name, '')}（小计 {show(subtotal)}）", expand=True,
                  show_lines=True, title_justify="left")
    for col, ratio in (("评审内容", 12), ("分值", 5), ("输入", 20), (column_title, 6), ("计算与解读", 40)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for i in items:
        bounds = show(i.max) if i.min == 0 else f"{show(i.min)}～{show(i.max)}"
        table.add_row(i.item, bounds, _show_input(i.input), f"[bold]{show(i.score)}[/]",
                      f"{i.working}\n[dim]解读：{i.interpretation}[/dim]")
    return table


def _print_sheet(file: Path, record: dict, sheet: SheetScore, report) -> None:
    journal = record["journal"]["name"]
    out.print(f"[bold]{file}[/] — 《{journal}》{sheet.category}（{sheet.business_table}）— {sheet.column_title}")
    for name in dict.fromkeys(i.table for i in sheet.items):
        out.print(_item_table(name, sheet.table(name), sheet.column_title))
    totals = Table(title="表8 总评结果", title_justify="left")
    totals.add_column("考核项目")
    totals.add_column(sheet.column_title, justify="right")
    for label, value in (("政治考核K", sheet.K), ("业务考核A", sheet.A), ("编辑出版B", sheet.B),
                         ("法纪规范C", sheet.C), ("加分D", sheet.D)):
        totals.add_row(label, show(value))
    totals.add_row("总分S = K×（A+B+C）+D", f"[bold]{sheet.S:.2f}[/]")
    totals.add_row("考核等级", f"[bold]{sheet.grade}[/]")
    out.print(totals)
    out.print(f"K 档次：{sheet.k_band or '不在表3档次内'}；等级依据：{sheet.grade_note}")
    out.print("S 只在最后四舍五入保留两位小数（填表说明 五.5），各项不舍入。")
    shown = list(sheet.findings) + [f for f in report.findings]
    if shown:
        out.print(findings_table(shown))

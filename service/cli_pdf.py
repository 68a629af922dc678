"""``paperwork check-pdf FILE... [--record RECORD] [--format text|json]`` (issue #5).

A thin layer over :mod:`validators.pdf.check`: parse the options, check each file, print.
Exit codes as everywhere: 0 no errors, 1 findings with errors, 2 unusable input (an unreadable
PDF or record). An unreadable PDF is still a structured result (``error`` with a reason and a
Chinese message), never a traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from service.cli_app import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, app, err, findings_table, out, summary_line
from service.cli_progress import progress
from validators.findings import Finding, Severity, has_errors
from validators.loader import UnusableInput, load
from validators.pdf.check import check_pdf, check_pdfs
from validators.pdf.limits import Limits

QR_STATUS = {"match": "与记录一致", "mismatch": "与记录不一致", "no-code": "未找到校验二维码",
             "found": "已读取（未提供记录，未比对）", "not-checked": "未检查"}


@app.command("check-pdf")
def check_pdf_command(
    files: list[Path] = typer.Argument(..., help="上传的 PDF 文件"),
    record_path: Path | None = typer.Option(None, "--record", help="与 PDF 核对的记录（JSON）"),
    fmt: str = typer.Option("text", "--format", help="text 或 json"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="对扫描页进行 OCR（RapidOCR）"),
    bound_set: bool | None = typer.Option(None, "--bound-set/--not-bound-set",
                                             help="按四川装订顺序检查（默认：记录属四川时检查）"),
    max_mb: float | None = typer.Option(None, "--max-mb", help="文件大小上限（MB），默认 50"),
    max_pages: int | None = typer.Option(None, "--max-pages", help="页数上限，默认 2000"),
    timeout: float | None = typer.Option(None, "--timeout", help="每个文件的解析时限（秒），默认 30"),
):
    """核对上传的 PDF：逐页识别材料类型、版权页 CIP/ISBN、校验二维码与公章，并与记录比对。"""
    if fmt not in ("text", "json"):
        err.print("[red]--format 只能是 text 或 json[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    record = None
    if record_path is not None:
        try:
            record, _ = load(record_path)
        except UnusableInput as e:
            err.print(f"[red]无法读取记录 {record_path}：{e.message}[/red]")
            raise typer.Exit(EXIT_UNUSABLE) from None
    limits = Limits.from_env(max_bytes=int(max_mb * 1048576) if max_mb else None,
                             max_pages=max_pages, timeout_s=timeout)
    options = {"limits": limits, "use_ocr": ocr, "bound_set": bound_set}
    if len(files) == 1:
        result = check_pdf(files[0], record, **options).to_dict()
        reports, overall = [result], result.get("findings", [])
    else:
        with progress("核对 PDF", len(files), "个文件") as advance:
            result = check_pdfs(files, record, on_file=advance, **options).to_dict()
        reports, overall = result["files"], result.get("findings", [])
    all_findings = [f for r in reports for f in r["findings"]] + (overall if len(files) > 1 else [])
    if any("error" in r for r in reports):
        code = EXIT_UNUSABLE
    elif any(f["severity"] == "error" for f in all_findings):
        code = EXIT_FINDINGS
    else:
        code = EXIT_OK
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in reports:
            print_report(r)
        if len(files) > 1 and "materials" in result:
            print_materials(result["materials"])
            if overall:
                out.print(findings_table(_findings(overall)))
    raise typer.Exit(code)


def _findings(dicts: list[dict]) -> list[Finding]:
    return [Finding(**{**d, "severity": Severity(d["severity"])}) for d in dicts]


def print_report(r: dict) -> None:
    if "error" in r:
        out.print(f"[bold red]✘ {r['file']}：无法读取[/] — {r['error']['message']}")
        return
    findings = _findings(r["findings"])
    mark = "[bold red]✘[/]" if has_errors(findings) else "[bold green]✔[/]"
    extra = "，已加密（无需密码）" if r["encrypted"] else ""
    if r["scanned_pages"]:
        extra += f"，扫描页 {len(r['scanned_pages'])} 页"
    out.print(f"{mark} [bold]{r['file']}[/] — 共 {r['pages']} 页{extra} — {summary_line(findings)}")
    table = Table("材料类型", "页码", "依据（页：匹配的词）", expand=True)
    for d in r["documents"]:
        a, b = d["pages"]
        evidence = "；".join(f"{e['page']}：{'、'.join(e['phrases'])}" for e in d["evidence"][:3])
        kind = d["type"] if d["type"] != "unknown" else "未识别"
        table.add_row(kind + ("（OCR）" if d.get("via") == "ocr" else ""),
                      str(a) if a == b else f"{a}–{b}", evidence)
    out.print(table)
    cip = r.get("cip") or {}
    if "cip" in cip:
        out.print(f"  CIP核准号 {cip['cip']['value']}（第 {cip['cip']['page']} 页）"
                  + "".join(f"；ISBN {i['value']}" for i in cip.get("isbns", []))
                  + (f"；{cip['title']['value']}" if "title" in cip else "")
                  + (f"；{cip['publisher']['value']}" if "publisher" in cip else ""))
    qr = r.get("qr") or {}
    drafts = "、".join(str(n) for n in qr.get("drafts", []))
    out.print(f"  校验二维码：{QR_STATUS.get(qr.get('status'), qr.get('status'))}"
              + (f"（草稿：第 {drafts} 页的二维码表明这是草稿，不是正式表格）" if drafts else "")
              + f"；公章：{'第 ' + '、'.join(str(s['page']) for s in r['seal']['seals']) + ' 页检测到红色印章' if r.get('seal', {}).get('seals') else '未检测到'}")
    if "bound_set" in r:
        out.print("  装订顺序：" + ("符合要求" if r["bound_set"]["in_order"] else "[red]不符合要求[/]"))
    if "materials" in r:
        print_materials(r["materials"])
    if findings:
        out.print(findings_table(findings))


def _pages(pages: list[int]) -> str:
    a, b = pages
    return f"第 {a} 页" if a == b else f"第 {a}–{b} 页"


def print_materials(m: dict) -> None:
    out.print("  所需材料：")
    for req in m["required"]:
        mark = "[green]✔[/]" if req["status"] == "present" else "[red]✘ 缺少[/]"
        where = "；".join(f"{f['file']} {_pages(f['pages'])}" for f in req["found"])
        out.print(f"  {mark} {req['requirement']} {where}")

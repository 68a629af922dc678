"""``paperwork render`` and ``paperwork forms``: thin commands over generator.render."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from generator.forms import FORMS
from generator.render import RenderedForm, RenderRefused, render, write
from service.cli_app import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, app, err, findings_table, out
from service.cli_progress import progress
from validators.fingerprint import record_id
from validators.loader import UnusableInput, load


@app.command("forms")
def forms():
    """列出可生成的官方表格及其接受的记录类型和格式。"""
    table = Table("表格 form", "名称", "记录类型", "格式", "多条记录")
    for f in FORMS.values():
        table.add_row(f.name, f.title, "、".join(f.kinds), "、".join(f.formats),
                      "是" if f.many else "否")
    out.print(table)


@app.command("render")
def render_cmd(files: list[Path] = typer.Argument(
                   ..., help="记录文件（JSON；一个文件一条记录，或一个记录列表）"),
               form: str = typer.Option(..., "--form", help="表格，见 paperwork forms"),
               fmt: str = typer.Option("pdf", "--format", help="docx、pdf 或 xlsx"),
               output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
               draft: bool = typer.Option(False, "--draft", help="记录未通过校验时仍生成，每页加“草稿”水印"),
               jobs: int = typer.Option(0, "--jobs", help="逐条生成时的并行进程数（默认：CPU 核数）")):
    """由记录生成官方表格（DOCX / PDF / XLSX）。

    汇总类表格把多条记录合成一张表；其他表格给多个记录文件时，-o 是目录，每条记录生成一个文件，
    在所有 CPU 核上并行。"""
    try:
        records = read_record_files(files)
        if len(records) > 1 and form in FORMS and not FORMS[form].many:
            raise typer.Exit(render_each_cmd(form, records, fmt, draft, output, jobs))
        rendered = render(form, records, fmt, draft=draft)
    except UnusableInput as e:
        err.print(f"[red]{e.message}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None
    except RenderRefused as e:
        err.print("[red]记录有字段的类型不对，连草稿也无法排版；请先修正：[/red]" if e.even_draft
                  else "[red]记录未通过校验，拒绝生成表格（可加 --draft 生成草稿）：[/red]")
        err.print(findings_table(e.findings))
        raise typer.Exit(EXIT_FINDINGS) from None
    except ValueError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None
    write(rendered, output)
    pages = f"，共 {rendered.pages} 页" if rendered.pages else ""
    out.print(f"已生成 {output}{pages}")
    # the XLSX holds its 附页 as a worksheet of that name; the PDF/DOCX at the end of the form
    where = "（见“附页”工作表）" if fmt == "xlsx" else ""
    for note in rendered.overflow:
        out.print(f"附页{where}：{note}")
    raise typer.Exit(EXIT_OK)


#: A file holding a list of records (an export for a summary table) may be as large as a
#: request body of the HTTP API; a file holding one record stays under loader.MAX_BYTES.
LIST_MAX_BYTES = 64 * 1024 * 1024


def read_record_files(files: list[Path]) -> list:
    """The records of every file, in order: one per file, or every record of a file holding a
    JSON list of records (or ``{"records": [...]}``, as the HTTP API takes them)."""
    from service.ops.checking import read_records
    records = []
    for path in files:
        try:
            records.append(load(path)[0])
            continue
        except UnusableInput as e:
            if e.reason not in ("not-object", "no-kind", "too-large"):
                raise
            refused = e
        size = path.stat().st_size
        if size > LIST_MAX_BYTES:
            raise UnusableInput(f"文件过大（{size / 1048576:.1f} MB）：{path}，记录列表文件不得超过 "
                                f"{LIST_MAX_BYTES // 1048576} MB", f"file too large: {path}",
                                reason="too-large")
        items, is_list = read_records(path.read_bytes(), LIST_MAX_BYTES)
        if not is_list:
            raise refused                  # one record after all: its own limit and message
        records.extend(items)
    return records


def render_each_cmd(form: str, records: list[dict], fmt: str, draft: bool, output: Path,
                    jobs: int) -> int:
    """Several records, one form each, into the directory ``output``; every refusal reported."""
    from generator.batch import render_each
    output.mkdir(parents=True, exist_ok=True)
    with progress("生成表格", len(records), "份") as advance:
        results = render_each(form, records, fmt, draft=draft, jobs=jobs or None, on_each=advance)
    refused, written = 0, set()
    for record, result in zip(records, results):
        if isinstance(result, RenderedForm):
            path = output / result.file_name
            n = 2
            while path.name in written:        # two records with one id: keep both files
                path = output / f"{Path(result.file_name).stem}-{n}{Path(result.file_name).suffix}"
                n += 1
            written.add(path.name)
            write(result, path)
            out.print(f"已生成 {path}" + (f"，共 {result.pages} 页" if result.pages else ""))
        else:
            refused += 1
            err.print(f"[red]记录 {record_id(record)} 未通过校验，"
                      "未生成：[/red]")
            err.print(findings_table(result.findings))
    return EXIT_FINDINGS if refused else EXIT_OK

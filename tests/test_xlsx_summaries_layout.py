"""The XLSX summaries as a user sees them in LibreOffice (issue #14, items 2 and 11): every line
of a wrapped value inside its row, nothing over the 合计 row, no cell past Excel's 32,767
characters (the rest on an 附页 sheet), the parcel label whole on one page, a deterministic
Chinese font, the verification line beside the QR, and one sheet per sealing/mailing body."""
from __future__ import annotations

import copy
import io
import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from typer.testing import CliRunner

from generator.render import VERIFICATION_LINE, render
from service.cli import app

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "samples/records"
FONTCONFIG_ALIAS = ROOT / "scripts/fontconfig/65-paperwork-simsun.conf"
EXCEL_CELL_LIMIT = 32_767


def load(kind):
    return [json.loads(p.read_text("utf-8")) for p in sorted((RECORDS / kind).glob("*.json"))]


REGISTRATIONS = load("achievement-registration")   # 山西省教育厅 ×2 (0, 2), 四川省… (1)
PUBLICATIONS = load("nssf-publication")            # 山西大学, 四川大学, 山西师范大学
# 47 characters: wraps to four or five lines in the 40 mm 成果名称 column
LONG_NAME = ("煤矸石基高性能充填材料制备关键技术及其在山西省大型煤矿井下充填开采与地表沉陷控制中的"
             "工程应用")


def libreoffice_pdf(data: bytes, tmp_path: Path, name: str, env=None) -> Path:
    src = tmp_path / f"{name}.xlsx"
    src.write_bytes(data)
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-{name}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(src)],
        capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0, run.stderr
    return tmp_path / "out" / f"{name}.pdf"


def flat(text: str) -> str:
    return "".join(text.split())


def one_body(records, path, name):
    out = copy.deepcopy(records)
    for r in out:
        node = r
        for key in path:
            node = node[key]
        node["name"] = name
    return out


def test_a_wrapped_name_stays_in_its_row_and_off_the_totals_row(tmp_path):
    records = one_body(REGISTRATIONS, ("registering_body",), "山西省教育厅")
    records[0]["achievement"]["name"] = LONG_NAME
    # records[2]: 山西省县域数字经济发展评价与路径研究, 18 characters: two lines, just above 合计
    pdf = libreoffice_pdf(render("registration_summary", records, "xlsx").data, tmp_path, "reg")
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        chars = page.chars
        header = next(c for c, d in zip(chars, chars[1:]) if c["text"] + d["text"] == "成果")
        walls = sorted({round(e["x0"], 1) for e in page.vertical_edges})
        left = max(x for x in walls if x <= header["x0"])
        right = min(x for x in walls if x >= header["x1"])
        column = "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
                         if left < (c["x0"] + c["x1"]) / 2 < right)
        for r in records:                     # every line of every name, in its column
            assert r["achievement"]["name"] in column, column
        total = next(c for c, d in zip(chars, chars[1:]) if c["text"] + d["text"] == "合计")
        # the 合计 row: between the table borders just above and below its first character
        edges = sorted({round(e["top"], 1) for e in page.horizontal_edges})
        top = max(y for y in edges if y <= total["top"])
        bottom = min(y for y in edges if y >= total["bottom"])
        inside = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])
                         if top < (c["top"] + c["bottom"]) / 2 < bottom).replace(" ", "")
        # only the 合计 row's own characters (in any order: its cells wrap)
        assert sorted(inside) == sorted("合计共3项（已登记1项，未登记2项）3650.00"), inside
        straddling = [c["text"] for c in page.chars if c["top"] < top - 0.5 < c["bottom"] - 1]
        assert not straddling, straddling


def test_a_value_longer_than_excel_allows_continues_on_an_attachment_sheet():
    records = copy.deepcopy(REGISTRATIONS)
    value = ("本成果研究了煤矸石基充填材料的配比与性能，" * 6000)[:114_524]
    records[0]["achievement"]["name"] = value
    rendered = render("registration_summary", records, "xlsx", draft=True)
    wb = openpyxl.load_workbook(io.BytesIO(rendered.data))
    cells = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r
             if isinstance(c.value, str)]
    assert max(map(len, cells)) <= EXCEL_CELL_LIMIT
    assert "附页" in wb.sheetnames
    first = wb.worksheets[0]
    name = next(c.value for c in first["B"] if isinstance(c.value, str) and c.value.startswith("本成果"))
    shown, ref = name.split("……")
    assert ref == "（续见附页 1）" and len(shown) <= 120
    attachment = wb["附页"]
    texts = [c.value for c in attachment["A"] if isinstance(c.value, str)]
    assert texts[0] == "附页 1：山西省教育厅 第 1 项成果名称（续）"   # two bodies: whose 第 1 项
    assert shown + "".join(texts[1:]) == value
    assert rendered.overflow == (f"山西省教育厅 第 1 项成果名称：续见附页 1（{len(value) - len(shown)} 字）",)


def test_the_cli_reports_attachments_only_when_the_xlsx_has_them(tmp_path):
    runner = CliRunner()
    short, long_ = copy.deepcopy(REGISTRATIONS), copy.deepcopy(REGISTRATIONS)
    long_[0]["achievement"]["name"] = "甲" * 300
    for name, records in (("short", short), ("long", long_)):
        src = tmp_path / f"{name}.json"
        src.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        out = tmp_path / f"{name}.xlsx"
        result = runner.invoke(app, ["render", str(src), "--form", "registration_summary", "--format", "xlsx",
                                     "-o", str(out), "--draft"])
        assert result.exit_code == 0, result.output
        wb = openpyxl.load_workbook(out)
        if name == "short":
            assert "续见附页" not in result.output and "附页" not in wb.sheetnames
        else:
            assert "附页" in wb.sheetnames
            assert "“附页”工作表" in result.output and "续见附页 1" in result.output
            assert any(c.value and str(c.value).startswith("附页 1：") for c in wb["附页"]["A"])
            # LibreOffice prints the 附页 sheet within the page, nothing cut at either side
            with pdfplumber.open(libreoffice_pdf(out.read_bytes(), tmp_path, "long")) as doc:
                page = next(p for p in doc.pages if "附页 1：" in p.extract_text())
                assert "甲" * 20 in page.extract_text().replace("\n", "")
                assert all(0 <= c["x0"] and c["x1"] <= page.width for c in page.chars)


def test_the_parcel_label_is_whole_on_its_own_page(tmp_path):
    records = [dict(copy.deepcopy(PUBLICATIONS[i % 3]), id=f"np-{i}") for i in range(8)]
    records = one_body(records, ("project", "responsible_unit"), "山西大学")
    pdf = libreoffice_pdf(render("publication_mailing", records, "xlsx").data, tmp_path, "mail")
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() for p in doc.pages]
    where = {w: [i for i, t in enumerate(pages) if w in t] for w in ("收件：", "地址：", "寄件：")}
    assert len({tuple(v) for v in where.values()}) == 1 and len(where["寄件："]) == 1, where
    label_page = pages[where["寄件："][0]]
    assert "社科基金成果样书" in label_page.splitlines()
    # no row of the table on the label's page (the repeated header row aside)
    assert not any(r["book"]["title"] in label_page for r in records)


def test_fonts_are_named_as_windows_and_wps_have_them(tmp_path):
    data = render("registration_summary", REGISTRATIONS, "xlsx").data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("xl/styles.xml").decode()
    assert '<name val="SimSun"/>' in styles and '<charset val="134"/>' in styles
    assert "宋体" not in styles
    # With the alias of scripts/setup-system.sh, LibreOffice draws SimSun with Noto Serif CJK SC,
    # never a Latin face with a Japanese fallback
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
                    f"<fontconfig><include>/etc/fonts/fonts.conf</include>"
                    f"<include>{FONTCONFIG_ALIAS}</include></fontconfig>")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(conf)}
    pdf = libreoffice_pdf(data, tmp_path, "fonts", env=env)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    faces = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert faces and all(f.startswith("NotoSerifCJK") for f in faces), faces


@pytest.mark.parametrize("form", ["registration_summary", "publication_mailing"])
def test_verification_line_beside_the_qr_and_a_neutral_author(form):
    records = REGISTRATIONS if form == "registration_summary" else PUBLICATIONS
    data = render(form, records, "xlsx").data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    top = [c.value for r in ws.iter_rows(max_row=2) for c in r if c.value]
    assert VERIFICATION_LINE in top
    assert wb.properties.creator != "paperwork" and wb.properties.lastModifiedBy != "paperwork"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"paperwork" not in z.read("docProps/core.xml") + z.read("docProps/app.xml")


def sheets_text(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [ws.title for ws in wb.worksheets], [
        "\n".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
        for ws in wb.worksheets]


def test_one_registration_summary_per_registering_body_each_with_its_seal():
    shanxi, sichuan = "山西省教育厅", "四川省科学技术研究成果档案馆"
    assert [r["registering_body"]["name"] for r in REGISTRATIONS] == [shanxi, sichuan, shanxi]
    titles, texts = sheets_text(render("registration_summary", REGISTRATIONS, "xlsx").data)
    assert len(titles) == 2 and shanxi in titles[0] and sichuan in titles[1]
    assert f"组织管理部门（盖章）：{shanxi}" in texts[0] and sichuan not in texts[0]
    assert f"组织管理部门（盖章）：{sichuan}" in texts[1] and shanxi not in texts[1]
    assert "共 2 项" in texts[0] and "共 1 项" in texts[1]
    assert "3650" in texts[0] and "3650" not in texts[1]         # 经济效益 of applied-shanxi
    pdf = render("registration_summary", REGISTRATIONS, "pdf")
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        pages = [flat(p.extract_text()) for p in doc.pages]
    seals = [i for i, t in enumerate(pages) if "组织管理部门（盖章）：" in t]
    assert len(seals) == 2 and seals[1] > seals[0]
    assert f"（盖章）：{shanxi}" in pages[seals[0]] and sichuan not in pages[seals[0]]
    assert f"（盖章）：{sichuan}" in pages[seals[1]] and shanxi not in pages[seals[1]]


def test_one_mailing_list_per_responsible_unit_each_with_its_parcel_label():
    units = [r["project"]["responsible_unit"]["name"] for r in PUBLICATIONS]
    assert len(set(units)) == 3
    titles, texts = sheets_text(render("publication_mailing", PUBLICATIONS, "xlsx").data)
    assert len(titles) == 3
    for unit, title, text in zip(units, titles, texts):
        others = [u for u in units if u != unit]
        assert unit in title
        assert f"寄件：{unit}" in text and not any(f"寄件：{u}" in text for u in others)
        assert text.count("社科基金成果样书") >= 1 and "共 1 种" in text
    pdf = render("publication_mailing", PUBLICATIONS, "pdf")
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        pages = [flat(p.extract_text()) for p in doc.pages]
    senders = [next(u for u in units if f"寄件：{u}" in t) for t in pages if "寄件：" in t]
    assert senders == units                     # one label per unit, each on its own page

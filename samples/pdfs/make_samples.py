"""Generate the sample PDFs of the PDF intake (issue #5) and their expected reports.

Run from the repository root: ``.venv/bin/python samples/pdfs/make_samples.py``.

Every sample is built from the data in ``SAMPLES`` below (HTML → PDF with WeasyPrint and the
Noto CJK fonts). The expected report next to each PDF (``<name>.expected.json``) is written from
the same data, never from the parser's output: it says what was printed (document types and
their pages, the book data of a copyright page, whether a QR code and a seal were printed).
``scanned-copyright.pdf`` is ``copyright-2021.pdf`` rasterised (pypdfium2 → PIL → PDF), so it
has no text layer. The records the samples are compared with live in ``records/``.
"""
from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from validators.pdf.qr import fingerprint  # noqa: E402


def qr_payload(form: str, record: dict) -> str:
    """The forms' QR payload (validators/fingerprint.py), or its documented shape without it."""
    try:
        from validators.fingerprint import qr_payload as forms_payload
    except ModuleNotFoundError:
        return (f"PW1;form={form};kind={record['kind']};id={record['id']};"
                f"sha256={fingerprint(record)}")
    return forms_payload(form, record)

CSS = """
@page { size: A4; margin: 25mm 22mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.6; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 8mm; letter-spacing: 2pt; }
.page { page-break-after: always; position: relative; }
.page:last-child { page-break-after: auto; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.6pt solid #000; padding: 1.5mm 2mm; }
.seal { position: absolute; right: 10mm; bottom: 20mm; }
.qr { position: absolute; right: 0; top: 0; width: 26mm; }
.cip { border-top: 0.6pt solid #000; border-bottom: 0.6pt solid #000; padding: 3mm 0; margin: 60mm 0 6mm; }
.kv p { margin: 0.5mm 0; }
"""


def seal_svg(unit: str) -> str:
    """A round red official seal: 42 mm ring, star, the unit's name (drawn, not curved)."""
    return f"""<svg class="seal" width="42mm" height="42mm" viewBox="0 0 42 42">
      <circle cx="21" cy="21" r="19.5" fill="none" stroke="#d9141b" stroke-width="1.4"/>
      <polygon fill="#d9141b" points="21,12 23.4,18.6 30.4,18.6 24.8,22.8 26.9,29.5 21,25.4 15.1,29.5 17.2,22.8 11.6,18.6 18.6,18.6"/>
      <text x="21" y="35" font-size="3.6" text-anchor="middle" fill="#d9141b"
            font-family="Noto Serif CJK SC">{unit}</text>
      <text x="21" y="9" font-size="3.2" text-anchor="middle" fill="#d9141b"
            font-family="Noto Serif CJK SC">（公章）</text></svg>"""


def page(title: str | None, body: str, *, seal: str | None = None, qr: str = "") -> str:
    head = f"<h1>{title}</h1>" if title else ""
    return f'<div class="page">{qr}{head}{body}{seal_svg(seal) if seal else ""}</div>'


def paragraphs(*lines: str) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


# --- copyright pages ----------------------------------------------------------------------

BOOK_2021 = {  # the 2020 CIP form: 中国版本图书馆CIP数据核字（2021）第256731号
    "cip_printed": "中国版本图书馆CIP数据核字（2021）第256731号",
    "cip": "2021256731", "variant": "2020-digits",
    "isbns": ["9787520164740"], "isbn_printed": "ISBN 978-7-5201-6474-0",
    "title": "中国传统伦理思想的现代转化",
    "authors": [["王建国", "著"], ["李晓梅", "著"], ["赵志刚", "著"]],
    "place": "北京", "publisher": "社会科学文献出版社",
    "publication_date": "2022-03", "cip_date": "2022.3",
    "word_count_thousand": 326, "edition": "第1版", "price": "98.00",
}

BOOK_2024 = {  # the 2023 CIP form, a translation, ISBNs glued to the text, two per page
    "cip_printed": "中国国家版本馆CIP数据核字第2024PR2624号",
    "cip": "2024PR2624", "variant": "2023-alnum",
    "isbns": ["9787100112345", "9787100112352"],
    "title": "全球治理的未来",
    "authors": [["（英）约翰·史密斯", "著"], ["刘文静", "译"]],
    "place": "北京", "publisher": "商务印书馆",
    "publication_date": "2024-05", "cip_date": "2024.5",
    "word_count_thousand": 412, "edition": "第1版", "price": "78.00",
}


def copyright_2021(b: dict) -> str:
    authors = "，".join(a for a, _ in b["authors"]) + "著"
    return page(None, f"""
      <div class="cip"><p>图书在版编目（CIP）数据</p>
      <p>{b['title']} / {authors}．－－{b['place']}：{b['publisher']}，{b['cip_date']}</p>
      <p>{b['isbn_printed']}</p>
      <p>Ⅰ．①中…　Ⅱ．①王…②李…③赵…　Ⅲ．①伦理思想－研究－中国　Ⅳ．①B82</p>
      <p>{b['cip_printed']}</p></div>
      <div class="kv">
      <p>{b['title']}</p>
      <p>著　　者／王 建 国　李 晓 梅　赵 志 刚</p>
      <p>出 版 人／谢寿光</p><p>责任编辑／孙美子</p>
      <p>出　　版／{b['publisher']}·人文分社（010）59367215</p>
      <p>地址：北京市北三环中路甲29号院华龙大厦　邮编：100029</p>
      <p>规　　格／开本：787mm×1092mm　1/16　印张：21.75　字数：３２６千字</p>
      <p>版　　次／2022年3月第1版　2022年3月第1次印刷</p>
      <p>书　　号／{b['isbn_printed']}</p>
      <p>定　　价／98.00元</p></div>""")


def copyright_2024(b: dict) -> str:
    return page(None, f"""
      <div class="cip"><p>图书在版编目(CIP)数据</p>
      <p>{b['title']} / (英)约翰·史密斯著; 刘 文静译. -- {b['place']}: {b['publisher']}, {b['cip_date']}</p>
      <p>ISBN978-7-100-11234-5</p>
      <p>I. ①全… II. ①约… ②刘… III. ①国际政治-研究 IV. ①D5</p>
      <p>{b['cip_printed']}</p></div>
      <div class="kv">
      <p>出版发行：{b['publisher']}（北京王府井大街36号　邮政编码100710）</p>
      <p>开本：880×1230　1/32　印张：15　字数：412千字</p>
      <p>版次：2024年5月第1版　印次：2024年5月第1次印刷</p>
      <p>书号：ISBN978-7-100-11234-5（精装）ISBN978-7-100-11235-2（平装）定价：78.00元</p></div>""")


# --- other documents ----------------------------------------------------------------------

def acceptance_report(seal: bool = True) -> list[str]:
    return [
        page("山西省科技计划项目验收报告", paragraphs(
            "项目名称：煤矸石基高性能充填材料制备关键技术及应用",
            "项目编号：202102090301012　　承担单位：太原理工大学",
            "一、任务完成情况：项目按任务书要求完成了全部研究内容，各项考核指标均已达到。",
            "二、验收结论：同意通过验收。",
            "验收组织单位：山西省科学技术厅"), seal="山西省科学技术厅" if seal else None),
        page(None, paragraphs(
            "三、经费使用情况：项目经费按预算执行，支出合理。",
            "四、存在问题及建议：建议进一步扩大推广应用范围。",
            "验收专家组组长（签字）：　　　　　　　日期：2025年6月20日")),
    ]


def expert_opinion() -> list[str]:
    return [page("专家验收意见", paragraphs(
        "2025年6月20日，山西省科学技术厅组织专家对该项目进行了验收。验收专家组听取了汇报，审阅了资料。",
        "验收专家组认为：项目完成了任务书规定的研究内容和考核指标，同意通过验收。",
        "专家签字：张某　李某　王某"))]


def task_book() -> list[str]:
    return [
        page("四川省科技计划项目任务书", paragraphs(
            "项目名称：川西高原生态修复关键技术研究与示范",
            "承担单位：四川大学　　项目负责人：陈思远",
            "主管部门：四川省科学技术厅",
            "考核指标：形成技术规程1项，申请发明专利3件。")),
        page(None, paragraphs("经费预算：省级财政资助 200.00 万元。",
                              "甲方（四川省科学技术厅）签章：　　　乙方（承担单位）签章：")),
    ]


def financial() -> list[str]:
    return [page("项目财务决算报告", paragraphs(
        "一、经费收入：省级财政资助 200.00 万元，自筹 50.00 万元。",
        "二、经费支出：设备费 60.00 万元，材料费 80.00 万元，测试化验加工费 40.00 万元。",
        "三、专项审计意见：经会计师事务所审计，经费支出符合规定。"))]


def technical() -> list[str]:
    return [page("技术报告", paragraphs(
        "一、技术方案：采用植被—土壤协同修复技术路线。",
        "二、主要技术指标：植被覆盖度提高 35%，土壤有机质提高 20%。",
        "三、测试结果：经第三方检测，各项技术指标均达到任务书要求。"))]


def patent_certificate() -> list[str]:
    return [page("发明专利证书", paragraphs(
        "证书号第6543210号",
        "发明名称：一种煤矸石基膏体充填材料及其制备方法",
        "发明人：张国栋；李雪梅；王海涛",
        "专利号：ZL 2022 1 0123456.7　　专利申请日：2022年03月15日",
        "专利权人：太原理工大学",
        "授权公告日：2024年05月10日　　授权公告号：CN 114000000 B",
        "国家知识产权局依照中华人民共和国专利法进行审查，决定授予专利权，颁发发明专利证书并在专利登记簿上予以登记。",
        "局长　申长雨"), seal="国家知识产权局")]


def ledger() -> list[str]:
    rows = "".join(f"<tr><td>2024-0{m}-15</td><td>记-{m:03d}</td><td>{what}</td><td>{debit}</td><td></td><td>{bal}</td></tr>"
                   for m, what, debit, bal in ((3, "资料费", "1,200.00", "198,800.00"),
                                               (5, "差旅费", "3,460.00", "195,340.00"),
                                               (7, "专家咨询费", "6,000.00", "189,340.00")))
    return [page("国家社科基金项目经费明细账", f"""<p>项目批准号：19BJL056　　单位：山西财经大学</p>
      <table><tr><th>日期</th><th>凭证号</th><th>摘要</th><th>借方</th><th>贷方</th><th>余额</th></tr>{rows}</table>""")]


def registration_form(record: dict) -> list[str]:
    import segno

    svg = segno.make(qr_payload("registration_form", record), error="m").svg_data_uri(scale=4, border=2)
    a = record["achievement"]
    return [
        page("科技成果登记表", paragraphs(
            "（应用技术类）",
            f"成果名称：{a['name']}",
            f"第一完成单位（盖章）：{record['first_completing_unit']['name']}",
            f"研究起始日期：{a['research_start'][:4]}年{a['research_start'][5:]}月　"
            f"研究终止日期：{a['research_end'][:4]}年{a['research_end'][5:]}月",
            f"推荐单位：{record['recommending_unit']}",
            "批准登记单位：山西省科学技术厅　　批准登记号：□□□□□□□□□□□□",
            "制表机关：科学技术部　批准机关：国家统计局　批准文号：国统函[2002]163号"),
            seal=record["first_completing_unit"]["name"], qr=f'<img class="qr" src="{svg}">'),
        page(None, paragraphs(f"成果简介：{a['summary']}")),
    ]


# --- the samples --------------------------------------------------------------------------

def _doc(kind: str, first: int, last: int) -> dict:
    return {"type": kind, "pages": [first, last]}


def samples() -> dict:
    form_record = json.loads((HERE / "records" / "ar-form.record.json").read_text("utf-8"))
    acc, opinion, task, fin, tech = (acceptance_report(seal=False), expert_opinion(), task_book(),
                                     financial(), technical())
    return {
        "copyright-2021": {
            "pages": [copyright_2021(BOOK_2021)],
            "expected": {"pages": 1, "scanned_pages": [], "documents": [_doc("版权页", 1, 1)],
                         "cip": {"page": 1, **{k: v for k, v in BOOK_2021.items()
                                               if k not in ("cip_printed", "isbn_printed", "cip_date")}}}},
        "copyright-2024": {
            "pages": [copyright_2024(BOOK_2024)],
            "expected": {"pages": 1, "scanned_pages": [], "documents": [_doc("版权页", 1, 1)],
                         "cip": {"page": 1, **{k: v for k, v in BOOK_2024.items()
                                               if k not in ("cip_printed", "cip_date")}}}},
        "acceptance-report": {
            "pages": acceptance_report(),
            "expected": {"pages": 2, "scanned_pages": [], "documents": [_doc("验收报告", 1, 2)],
                         "seal_pages": [1]}},
        "patent-certificate": {
            "pages": patent_certificate(),
            "expected": {"pages": 1, "scanned_pages": [], "documents": [_doc("专利证书", 1, 1)],
                         "seal_pages": [1]}},
        "ledger": {
            "pages": ledger(),
            "expected": {"pages": 1, "scanned_pages": [], "documents": [_doc("经费明细账", 1, 1)]}},
        "registration-form": {
            "pages": registration_form(form_record),
            "expected": {"pages": 2, "scanned_pages": [], "documents": [_doc("科技成果登记表", 1, 2)],
                         "seal_pages": [1], "qr_pages": [1]}},
        # 003 方式二 4.(1)②: 验收报告 → 专家验收意见 → 任务书 → 财务资料 → 技术支撑资料
        "bound-set-in-order": {
            "pages": acc + opinion + task + fin + tech,
            "expected": {"pages": 7, "scanned_pages": [], "documents": [
                _doc("验收报告", 1, 2), _doc("验收意见", 3, 3), _doc("任务书", 4, 5),
                _doc("财务资料", 6, 6), _doc("技术资料", 7, 7)], "bound_set_in_order": True}},
        # the task book bound before the expert opinion: out of order at page 3
        "bound-set-out-of-order": {
            "pages": acc + task + opinion + fin + tech,
            "expected": {"pages": 7, "scanned_pages": [], "documents": [
                _doc("验收报告", 1, 2), _doc("任务书", 3, 4), _doc("验收意见", 5, 5),
                _doc("财务资料", 6, 6), _doc("技术资料", 7, 7)], "bound_set_in_order": False}},
    }


def html_to_pdf(pages: list[str]) -> bytes:
    from weasyprint import HTML

    html = f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{''.join(pages)}</body></html>"
    return HTML(string=html).write_pdf()


def rasterise(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    """A 'scan' of a text PDF: every page an image, no text layer."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def main() -> None:
    for name, spec in samples().items():
        pdf = html_to_pdf(spec["pages"])
        (HERE / f"{name}.pdf").write_bytes(pdf)
        (HERE / f"{name}.expected.json").write_text(
            json.dumps({"file": f"{name}.pdf", **spec["expected"]}, ensure_ascii=False, indent=2) + "\n",
            "utf-8")
        if name == "copyright-2021":
            (HERE / "scanned-copyright.pdf").write_bytes(rasterise(pdf))
            expected = copy.deepcopy(spec["expected"])
            expected.update(file="scanned-copyright.pdf", scanned_pages=[1], ocr_pages=[1])
            (HERE / "scanned-copyright.expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {name}.pdf")


if __name__ == "__main__":
    main()

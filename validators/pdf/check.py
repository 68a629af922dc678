"""``check_pdf(path, record=None) -> dict``: what one uploaded PDF holds and how it agrees with
a record, page by page, with evidence (issue #5).

Stages, each a function of the one before (E11/E12):
``read_upload`` → ``extract`` (worker) → OCR of scanned pages (worker) → ``recognise`` (document
types) → ``parse_copyright_page`` → QR codes and seals on rendered pages (worker) → findings
against the record. An unreadable file gives a report with ``error`` and one ``PDF10x``
finding, never an exception.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import replace
from pathlib import Path

from validators import catalogue
from validators.catalogue import WARNING
from validators.findings import Finding, sort_findings
from validators.ids import cip as cip_id
from validators.ids import isbn as isbn_id
from validators.ids.errors import InvalidIdentifier
from validators.pdf import materials as materials_mod
from validators.pdf import ocr, qr, worker
from validators.pdf.copyright import parse_copyright_page, _edition_number
from validators.pdf.doctypes import BY_NAME, recognise
from validators.pdf.limits import Limits, UnreadablePdf
from validators.pdf.parse import ParsedPdf, extract, fold, read_upload, squash
from validators.pdf.page_images import inspect_pages
from validators.pdf.ocr import OCR_NOTE
from validators.pdf.rules import UNREADABLE_CODES
from validators.pdf.seal import LIMITS_ZH as SEAL_LIMITS

MAX_OCR_PAGES = 20        # scanned pages read by OCR per file; the rest are only reported
ALL_PAGES_UP_TO = 20      # files this short have every page looked at for QR codes
MAX_SEAL_PAGES = 20
STAMPED_TYPES = frozenset({"科技成果登记表"})   # where a missing seal is a finding (002 四)

INTERPRETATIONS = [
    "无文字层的页面视为扫描件并报告；OCR 识别出的内容据以得出的结论降为警告并注明“由 OCR 识别”。",
    "文档类型按标题与关键词（带权重）识别；无标题的页面视为上一份材料的续页。",
    "出版日期以版权页“版次”行（如 2017年6月第1版）为准，无版次行时取 CIP 数据行中的年月。",
    "作者比较忽略空格与全角/半角差异，国籍标注（如“（英）”）可有可无。",
    "版权页视为“学术专著（封面、目录、版权页）”材料已提供。",
]


def _sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def unreadable_report(name: str, sha256: str | None, e: UnreadablePdf) -> dict:
    f = catalogue.finding(UNREADABLE_CODES[e.reason][0], "", message=e.message_zh,
                          message_en=e.message_en)
    return {"file": name, "sha256": sha256, "pages": None, "encrypted": e.reason == "encrypted",
            "error": e.to_dict(), "scanned_pages": [], "documents": [], "cip": {}, "qr": {},
            "seal": {}, "findings": [f.to_dict()]}


def check_pdf(path: str | Path, record: dict | None = None, *, limits: Limits | None = None,
              use_ocr: bool = True, look: bool = True, bound_set: bool | None = None,
              materials: bool = True) -> dict:
    """Report on one PDF (see ``docs/pdf.md`` for every key)."""
    catalogue.load_all()
    limits = limits or Limits.from_env()
    # limits.timeout_s bounds the whole file: each worker call gets what is left of it
    deadline = time.monotonic() + limits.timeout_s
    path = Path(path)
    name = path.name
    try:
        data = read_upload(path, limits)
    except UnreadablePdf as e:
        return unreadable_report(name, _sha256(path) if path.is_file() else None, e)
    sha = hashlib.sha256(data).hexdigest()
    try:
        parsed: ParsedPdf = worker.run(extract, data, limits.max_pages, limits.timeout_s,
                                       limits=limits)
    except UnreadablePdf as e:
        return unreadable_report(name, sha, e)
    findings: list[Finding] = []
    notes = list(parsed.notes)
    sources = [p.text_source for p in parsed.pages]
    texts = [p.text for p in parsed.pages]

    # OCR of scanned pages (in the worker: Tesseract is bounded by the same limits)
    ocr_pages: list[int] = []
    scanned = parsed.scanned_pages
    can_render = parsed.reader == "pdfium"
    if scanned and use_ocr and can_render and ocr.available():
        jobs = {n: ("ocr", "qr", "seal") for n in scanned[:MAX_OCR_PAGES]}
        looked = _look(data, jobs, limits, deadline, notes)
        for n, out in looked.items():
            text = ocr.clean_ocr_text(fold(out.get("ocr", "")))
            if text:
                texts[n - 1] = text
                sources[n - 1] = "ocr"
                ocr_pages.append(n)
        if len(scanned) > MAX_OCR_PAGES:
            notes.append(f"扫描页较多，仅对前 {MAX_OCR_PAGES} 页进行了 OCR")
    else:
        looked = {}
    for n in scanned:
        via_ocr = n in ocr_pages
        findings.append(catalogue.finding(
            "PDF101", "", page=n, at=n,
            what="扫描件或图片" if parsed.pages[n - 1].has_images else "空白页，或文字已转为曲线",
            ocr="，已用 OCR 识别文字（置信度较低）" if via_ocr
            else "，OCR 未识别出文字" if "ocr" in looked.get(n, {}) else "，未进行 OCR",
            ocr_en="; read by OCR (lower confidence)" if via_ocr else ""))
    if parsed.page_count == 0:
        findings.append(catalogue.finding("PDF109"))
    if parsed.damaged:
        for note in parsed.notes:
            findings.append(catalogue.finding("PDF110", "", note=note))
    elif parsed.encrypted:
        findings.append(catalogue.finding("PDF111"))

    documents = recognise(texts, sources=sources)
    for d in documents:
        if d["type"] == "unknown":
            a, b = d["pages"]
            findings.append(catalogue.finding("PDF202", "", page=a,
                                              pages=str(a) if a == b else f"{a}–{b}"))

    cip_section = _copyright(documents, texts, sources, findings)

    # QR codes and seals on rendered pages
    qr_section: dict = {"status": "not-checked"}
    seal_section: dict = {"status": "not-checked"}
    if look and can_render and parsed.page_count:
        qr_pages = _qr_pages(parsed.page_count, documents)
        seal_pages = _seal_pages(documents)
        jobs = {}
        for n in qr_pages:
            jobs.setdefault(n, ())
            jobs[n] += ("qr",)
        for n in seal_pages:
            jobs.setdefault(n, ())
            jobs[n] += ("seal",)
        jobs = {n: v for n, v in jobs.items() if n not in looked}
        looked.update(_look(data, jobs, limits, deadline, notes))
        has_form = any(d["type"] == "科技成果登记表" for d in documents)
        qr_section = _qr(looked, qr_pages + [n for n in looked if n not in qr_pages], record,
                         findings, has_form)
        seal_section = _seal(looked, seal_pages, documents, findings)

    report = {
        "file": name, "sha256": sha, "size": len(data), "pages": parsed.page_count,
        "encrypted": parsed.encrypted, "reader": parsed.reader, "damaged": parsed.damaged,
        "scanned_pages": scanned, "ocr_pages": ocr_pages, "documents": documents,
        "cip": cip_section, "qr": qr_section, "seal": seal_section,
        "outline": parsed.outline[:20], "embedded_files": parsed.embedded_files,
        "notes": notes, "interpretations": INTERPRETATIONS,
    }
    if record is not None:
        findings += _against_record(record, report)
        findings += _registration_number(record, documents, texts, sources)
        if materials:
            report["materials"] = materials_mod.check_materials(
                record, [{"file": name, "documents": documents}])
            findings += material_findings(report["materials"])
    if bound_set or (bound_set is None and materials_mod.is_sichuan(record)):
        report["bound_set"] = materials_mod.check_bound_set(documents)
        findings += bound_set_findings(report["bound_set"])
    report["findings"] = [f.to_dict() for f in sort_findings(findings)]
    return report


def check_pdfs(paths: list[str | Path], record: dict | None = None, **options) -> dict:
    """Several files for one record: one report per file, and the materials judged across all
    of them (a submitter uploads each material as its own PDF)."""
    files = [check_pdf(p, record, materials=False, **options) for p in paths]
    result: dict = {"files": files}
    if record is not None:
        result["materials"] = materials_mod.check_materials(record, files)
        result["findings"] = [f.to_dict() for f in material_findings(result["materials"])]
    return result


# --- stages ------------------------------------------------------------------------------

def _look(data: bytes, jobs: dict, limits: Limits, deadline: float, notes: list[str]) -> dict:
    if not jobs:
        return {}
    left = deadline - time.monotonic()
    if left < 1:
        notes.append("时间用尽，未渲染页面检查二维码、印章或进行 OCR")
        return {}
    try:
        return worker.run(inspect_pages, data, jobs, left * 0.8,
                          limits=replace(limits, timeout_s=left))
    except UnreadablePdf as e:
        notes.append(f"页面渲染未完成：{e.message_zh}")
        return {}


def _qr_pages(count: int, documents: list[dict]) -> list[int]:
    if count <= ALL_PAGES_UP_TO:
        return list(range(1, count + 1))
    pages = {1, 2, 3, count - 2, count - 1, count}
    for d in documents:
        if d["type"] == "科技成果登记表":
            pages.update(range(d["pages"][0], min(d["pages"][1], d["pages"][0] + 4) + 1))
    return sorted(p for p in pages if 1 <= p <= count)


def _seal_pages(documents: list[dict]) -> list[int]:
    pages = []
    for d in documents:
        if d["type"] == "unknown":
            continue
        first, last = d["pages"]
        if d["type"] in STAMPED_TYPES:
            pages += range(first, min(last, first + 4) + 1)
        else:
            pages.append(first)
    return sorted(set(pages))[:MAX_SEAL_PAGES]


def _qr(looked: dict, pages: list[int], record: dict | None, findings: list,
        has_form: bool) -> dict:
    """Codes found and their comparison; a missing code matters only on a printed
    registration form (the paper that must equal the record)."""
    codes = [{"page": n, "text": t} for n in sorted(set(pages)) for t in looked.get(n, {}).get("qr", [])]
    result = qr.compare(codes, record)
    result["pages_checked"] = sorted(n for n in set(pages) if "qr" in looked.get(n, {}))
    if result["status"] == "mismatch":
        for c in result["codes"]:
            findings.append(catalogue.finding("PDF509", "", page=c["page"], at=c["page"],
                                              evidence=c["payload"][:80]))
    elif result["status"] == "no-code" and record is not None and has_form:
        findings.append(catalogue.finding("PDF510"))
    return result


def _seal(looked: dict, pages: list[int], documents: list[dict], findings: list) -> dict:
    found = [{"page": n, **s} for n in pages for s in looked.get(n, {}).get("seal", [])]
    stamped_pages = {s["page"] for s in found}
    per_doc = []
    for d in documents:
        first, last = d["pages"]
        checked = [n for n in pages if first <= n <= last and "seal" in looked.get(n, {})]
        if not checked:
            continue
        stamped = any(first <= n <= last for n in stamped_pages)
        per_doc.append({"type": d["type"], "pages": d["pages"], "stamped": stamped})
        if d["type"] in STAMPED_TYPES and not stamped:
            findings.append(catalogue.finding("PDF205", "", page=first, at=first))
    return {"status": "found" if found else "none-found", "seals": found, "documents": per_doc,
            "pages_checked": [n for n in pages if "seal" in looked.get(n, {})],
            "limits": SEAL_LIMITS}


def _copyright(documents: list[dict], texts: list[str], sources: list[str],
               findings: list) -> dict:
    """Fields of every copyright page; the first page with a CIP number gives the book data."""
    pages = [n for d in documents if d["type"] == "版权页"
             for n in range(d["pages"][0], d["pages"][1] + 1)]
    if not pages:
        return {}
    parsed = []
    for n in pages:
        via = "ocr" if sources[n - 1] == "ocr" else "text"
        fields = parse_copyright_page(texts[n - 1], n, via=via)
        if fields:
            parsed.append((n, via, fields))
        note = OCR_NOTE if via == "ocr" else ""
        if "cip" not in fields and any(e["page"] == n for d in documents for e in d["evidence"]
                                       if d["type"] == "版权页"):
            if "ISBN" in squash(texts[n - 1]):
                findings.append(catalogue.finding("PDF403", "", page=n, at=n, ocr=note))
        elif fields.get("cip", {}).get("error"):
            findings.append(catalogue.finding("PDF401", "", page=n, at=n,
                                              printed=fields["cip"]["evidence"],
                                              reason=fields["cip"]["error"]))
        for i in fields.get("isbns", []):
            if i["error"]:
                findings.append(catalogue.finding("PDF402", "", page=n, at=n,
                                                  printed=i["evidence"], reason=i["error"],
                                                  ocr=note, severity=WARNING))
    if not parsed:
        return {"pages": pages}
    parsed.sort(key=lambda item: ("cip" not in item[2], item[0]))
    book = dict(parsed[0][2])
    isbns = [i for _, _, f in parsed for i in f.get("isbns", [])]
    book["isbns"] = list({i["value"]: i for i in isbns}.values())
    for key in ("title", "authors", "publisher", "publication_date", "word_count_thousand",
                "edition", "price", "place"):
        if key not in book:
            other = next((f[key] for _, _, f in parsed if key in f), None)
            if other:
                book[key] = other
    return {"pages": pages, **book}


# --- against the record -------------------------------------------------------------------

def _norm(value) -> str:
    return re.sub(r"[《》“”\"'·・.。,，:：\-—]", "", squash(str(value))).lower()


def _norm_name(value) -> str:
    return re.sub(r"^\([^)]{1,6}\)", "", _norm(value))


def _against_record(record: dict, report: dict) -> list[Finding]:
    out = []
    book = materials_mod.section(record, "book") if record.get("kind") == "nssf-publication" else None
    cip = report.get("cip") or {}
    if isinstance(book, dict) and cip:
        out += _compare_book(book, cip)
    out += _declared_types(record, report)
    return out


def _finding(code, path, field: dict, found, recorded):
    ocr_read = field.get("via") == "ocr"
    return catalogue.finding(code, path, page=field["page"], evidence=field["evidence"],
                             at=field["page"], found=found, recorded=recorded,
                             ocr=OCR_NOTE if ocr_read else "",
                             severity=WARNING if ocr_read else None)


def _compare_book(book: dict, cip: dict) -> list[Finding]:
    out = []
    if "cip" in cip and book.get("cip_number") and not cip["cip"].get("error"):
        recorded = cip_id.compact(str(book["cip_number"]))
        if recorded != cip["cip"]["value"]:
            out.append(_finding("PDF501", "/book/cip_number", cip["cip"], cip["cip"]["value"],
                                book["cip_number"]))
    if cip.get("isbns") and book.get("isbn"):
        try:
            recorded = isbn_id.to_isbn13(str(book["isbn"]))
        except InvalidIdentifier:
            recorded = None  # the record's own ISBN is wrong: the record rules say so
        valid = [i for i in cip["isbns"] if not i["error"]]
        if recorded and valid and recorded not in {i["value"] for i in valid}:
            out.append(_finding("PDF502", "/book/isbn", valid[0],
                                "、".join(isbn_id.format(i["value"]) for i in valid), book["isbn"]))
    if "title" in cip and book.get("title"):
        found = cip["title"]["value"]
        main = re.split(r"[:：]", found)[0]
        if _norm(book["title"]) not in (_norm(found), _norm(main)):
            out.append(_finding("PDF503", "/book/title", cip["title"], found, book["title"]))
    if "authors" in cip and cip["authors"]["value"]:
        names = [a["name"] for a in cip["authors"]["value"]]
        first = book.get("first_author")
        if first and _norm_name(first) != _norm_name(names[0]):
            out.append(_finding("PDF504", "/book/first_author", cip["authors"], names[0], first))
        others = book.get("other_authors")
        if isinstance(others, list) and others != ["无"]:
            if sorted(map(_norm_name, others)) != sorted(map(_norm_name, names[1:])):
                out.append(_finding("PDF504", "/book/other_authors", cip["authors"],
                                    "、".join(names[1:]) or "无", "、".join(others) or "无"))
    if "publisher" in cip and book.get("publisher"):
        if _norm(book["publisher"]) != _norm(cip["publisher"]["value"]):
            out.append(_finding("PDF505", "/book/publisher", cip["publisher"],
                                cip["publisher"]["value"], book["publisher"]))
    if "publication_date" in cip and book.get("publication_date"):
        if str(book["publication_date"])[:7] != cip["publication_date"]["value"]:
            out.append(_finding("PDF506", "/book/publication_date", cip["publication_date"],
                                cip["publication_date"]["value"], book["publication_date"]))
    if "word_count_thousand" in cip and isinstance(book.get("word_count_thousand"), (int, float)):
        if abs(float(book["word_count_thousand"]) - float(cip["word_count_thousand"]["value"])) >= 0.05:
            out.append(_finding("PDF507", "/book/word_count_thousand", cip["word_count_thousand"],
                                cip["word_count_thousand"]["value"], book["word_count_thousand"]))
    if "edition" in cip and book.get("edition"):
        m = re.search(r"([0-9一二三四五六七八九十]+)", str(book["edition"]))
        recorded = _edition_number(m.group(1)) if m else None
        if recorded is not None and f"第{recorded}版" != cip["edition"]["value"]:
            out.append(_finding("PDF508", "/book/edition", cip["edition"], cip["edition"]["value"],
                                book["edition"]))
    return out


def _registration_number(record: dict, documents: list[dict], texts: list[str],
                         sources: list[str]) -> list[Finding]:
    """Once a 成果登记号 is issued, the form is printed again with it (003 方式二 4.(1)①)."""
    number = materials_mod.section(record, "registration").get("number")
    if record.get("kind") != "achievement-registration" or not isinstance(number, str) \
            or not number.strip():
        return []
    out = []
    for d in documents:
        if d["type"] != "科技成果登记表":
            continue
        pages = range(d["pages"][0], d["pages"][1] + 1)
        if any(squash(number) in squash(texts[n - 1]) for n in pages):
            continue
        ocr_read = any(sources[n - 1] == "ocr" for n in pages)
        out.append(catalogue.finding("PDF511", "/registration/number", page=d["pages"][0],
                                     at=d["pages"][0], number=number,
                                     ocr=OCR_NOTE if ocr_read else "",
                                     severity=WARNING if ocr_read else None))
    return out


def _declared_types(record: dict, report: dict) -> list[Finding]:
    """An attachment of the record that is this file (same SHA-256, or same name) but whose
    declared type, one we can recognise, is not among the documents found."""
    out = []
    found = {d["type"] for d in report["documents"]}
    attachments = record.get("attachments")
    for i, a in enumerate(attachments if isinstance(attachments, list) else []):
        if not isinstance(a, dict):
            continue
        same = a.get("sha256") == report["sha256"] or a.get("file_name") == report["file"]
        declared = a.get("document_type")
        if same and isinstance(declared, str) and declared in BY_NAME and declared not in found:
            shown = [t for t in found if t != "unknown"] or ["未识别"]
            out.append(catalogue.finding("PDF206", f"/attachments/{i}/document_type",
                                         file=report["file"], declared=declared, found=shown))
    return out


def material_findings(materials: dict) -> list[Finding]:
    source = {"achievement-registration": "002 四", "nssf-completion": "001 五.1",
              "nssf-publication": "000 二"}.get(materials.get("kind"), "")
    out = []
    for r in materials["required"]:
        if r["status"] == "missing":
            accepts = r["accepts"]
            shown = ("“" + "”或“".join(accepts) + "”") if len(accepts) <= 4 else "其中任何一种材料"
            f = catalogue.finding("PDF201", "/attachments", requirement=r["requirement"],
                                  accepts=shown)
            out.append(Finding(**{**f.__dict__, "source": source or f.source}))
    return out


def bound_set_findings(bound: dict) -> list[Finding]:
    out = [catalogue.finding("PDF203", "", page=o["page"], at=o["page"], group=o["group"],
                             should_precede=o["should_precede"],
                             that_starts_on=o["that_starts_on"])
           for o in bound["out_of_order"]]
    out += [catalogue.finding("PDF204", "", group=g) for g in bound["missing"]]
    return out

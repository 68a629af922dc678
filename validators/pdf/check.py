"""``check_pdf(path, record=None) -> PdfReport``: what one uploaded PDF holds and how it agrees
with a record, page by page, with evidence (issue #5).

Stages, each a function of the one before (E11/E12):
``open_pdf`` (``read_upload`` and ``extract`` in the worker, under the limits) →
``scanned_to_text`` (OCR of scanned pages, worker) → ``parsed_to_reading_findings`` →
``texts_to_documents`` (``recognise``: document types) → ``documents_to_cip``
(``parse_copyright_page``) → ``pages_to_marks`` (QR codes and seals on rendered pages, worker) →
``documents_to_sets`` (findings against the record, :mod:`validators.pdf.against_record`, and
the materials).
An unreadable file gives a report with ``error`` and one ``PDF10x`` finding, never an exception.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from validators import catalogue
from validators.catalogue import WARNING
from validators.findings import Finding, sort_findings
from validators.pdf import materials as materials_mod
from validators.pdf import ocr, qr, worker
from validators.pdf.against_record import bound_set_findings, material_findings, record_findings
from validators.pdf.copyright import parse_copyright_page
from validators.pdf.doctypes import recognise
from validators.pdf.limits import Limits, UnreadablePdf
from validators.pdf.page_images import inspect_pages
from validators.pdf.parse import ParsedPdf, fold, open_pdf, squash
from validators.pdf.report import PdfReport, PdfSetReport
from validators.pdf.seal import LIMITS_ZH as SEAL_LIMITS

#: resident memory of one OCR worker, with room to spare (PP-OCRv6 small on 200 dpi pages, models
#: preloaded: peak 330–440 MB, about 210 MB of it the models shared with the checking process;
#: bench/ocr.py prints it): the worker's memory limit bounds how many run at once
OCR_PROCESS_BYTES = 800 * 1024 * 1024
ALL_PAGES_UP_TO = 20      # files this short have every page looked at for QR codes
MAX_SEAL_PAGES = 20
STAMPED_TYPES = frozenset({"科技成果登记表"})   # where a missing seal is a finding (002 四)

INTERPRETATIONS = [
    "无文字层的页面视为扫描件，逐页 OCR；据 OCR 内容得出的结论注明“由 OCR 识别”，其中有识别把握不大的字时降为警告并列出这些字。",
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


@dataclass(frozen=True)
class PageTexts:
    """The text of every page once scanned pages have been read by OCR, and what the worker saw
    on the pages it rendered (by page number), so the later look at them renders no page twice."""
    texts: list[str]
    sources: list[str]          # per page: where its text comes from ("ocr" when read by OCR)
    ocr_pages: list[int]
    looked: dict
    unread: list[int] = field(default_factory=list)   # scanned pages OCR had no time for


class PagesDone:
    """How many of a file's pages are read, told to ``on_pages(done, total)`` as each is (a
    progress bar): pages with a text layer at once, scanned ones as OCR reads them, from the
    threads that wait on the OCR workers."""

    def __init__(self, on_pages, total: int, done: int):
        self.on_pages, self.total, self.done = on_pages, total, done
        self._lock = threading.Lock()
        self._tell()

    def _tell(self) -> None:
        if self.on_pages is not None:
            self.on_pages(min(self.done, self.total), self.total)

    def step(self) -> None:
        with self._lock:
            self.done += 1
            self._tell()

    def finish(self) -> None:
        with self._lock:
            self.done = self.total
            self._tell()


def check_pdf(path: str | Path, record: dict | None = None, *, limits: Limits | None = None,
              use_ocr: bool = True, look: bool = True, bound_set: bool | None = None,
              materials: bool = True, on_pages=None) -> PdfReport:
    """Report on one PDF (see ``docs/pdf.md`` for every key of ``PdfReport.to_dict()``).
    ``on_pages(done, total)`` is told how many of its pages are read so far (see
    :class:`PagesDone`)."""
    catalogue.load_all()
    limits = limits or Limits.from_env()
    # limits.timeout_s bounds the whole file: each worker call gets what is left of it
    deadline = time.monotonic() + limits.timeout_s
    path = Path(path)
    try:
        parsed = open_pdf(path, limits=limits)
    except UnreadablePdf as e:
        # a file too large or not a PDF is still named by its hash, as is one the worker refused
        return PdfReport.unreadable(path.name, _sha256(path) if path.is_file() else None, e)
    notes = list(parsed.notes)
    findings: list[Finding] = []
    look_at = partial(_look, parsed.data, limits=limits, deadline=deadline, notes=notes)
    ocr_to_do = len(parsed.scanned_pages) if use_ocr and parsed.reader == "pdfium" else 0
    pages_done = PagesDone(on_pages, parsed.page_count, parsed.page_count - ocr_to_do)
    text = scanned_to_text(parsed, partial(look_at, on_page=pages_done.step) if use_ocr else None,
                           notes)
    pages_done.finish()
    findings += parsed_to_reading_findings(parsed, text)
    documents = texts_to_documents(text, findings)
    cip = documents_to_cip(documents, text, findings)
    if look and parsed.reader == "pdfium" and parsed.page_count:
        qr_section, seal_section = pages_to_marks(parsed.page_count, documents, text, look_at,
                                                  record, findings)
    else:
        qr_section, seal_section = {"status": "not-checked"}, {"status": "not-checked"}
    materials_section, bound_set_section = documents_to_sets(
        path.name, parsed, documents, cip, text, record, findings,
        materials=materials, bound_set=bound_set)
    return PdfReport(
        file=path.name, sha256=parsed.sha256, size=parsed.size, pages=parsed.page_count,
        encrypted=parsed.encrypted, reader=parsed.reader, damaged=parsed.damaged,
        scanned_pages=parsed.scanned_pages, ocr_pages=text.ocr_pages,
        ocr_unread_pages=text.unread, documents=documents,
        cip=cip, qr=qr_section, seal=seal_section, outline=parsed.outline[:20],
        embedded_files=parsed.embedded_files, notes=notes, interpretations=INTERPRETATIONS,
        materials=materials_section, bound_set=bound_set_section,
        findings=tuple(sort_findings(findings)))


def check_pdfs(paths: list[str | Path], record: dict | None = None, *, on_file=None,
               **options) -> PdfSetReport:
    """Several files for one record: one report per file, and the materials judged across all
    of them (a submitter uploads each material as its own PDF). ``on_file()`` is called as
    each file is done (a progress bar)."""
    reports = []
    for p in paths:
        reports.append(check_pdf(p, record, materials=False, **options))
        if on_file is not None:
            on_file()
    files = tuple(reports)
    if record is None:
        return PdfSetReport(files)
    materials = materials_mod.check_materials(
        record, [{"file": r.file, "documents": r.documents} for r in files])
    return PdfSetReport(files, materials, tuple(material_findings(materials)))


# --- stages, in the order check_pdf runs them ---------------------------------------------

def scanned_to_text(parsed: ParsedPdf, look_at, notes: list[str]) -> PageTexts:
    """Given the parsed file, return the text of its pages, every scanned one read by OCR (in
    the workers, under the same limits) when ``look_at`` renders pages, and the scanned pages
    the time budget left unread (for a later job to read)."""
    texts = [p.text for p in parsed.pages]
    sources = [p.text_source for p in parsed.pages]
    scanned = parsed.scanned_pages
    if not (scanned and look_at and parsed.reader == "pdfium"):
        return PageTexts(texts, sources, [], {})
    ocr_pages = []
    looked = look_at({n: ("ocr", "qr", "seal") for n in scanned})
    for n, out in looked.items():
        page_text = ocr.clean_ocr_text(fold(out["ocr"].text)) if "ocr" in out else ""
        if page_text:
            texts[n - 1] = page_text
            sources[n - 1] = "ocr"
            ocr_pages.append(n)
    unread = [n for n in scanned if n not in looked or looked[n].get("skipped") == "time"]
    return PageTexts(texts, sources, sorted(ocr_pages), looked, unread)


def parsed_to_reading_findings(parsed: ParsedPdf, text: PageTexts) -> list[Finding]:
    """Given the parsed file and its text, return what kept pages from being read: scanned
    pages (and whether OCR read them), no page at all, damage, encryption."""
    findings = []
    for n in parsed.scanned_pages:
        via_ocr = n in text.ocr_pages
        findings.append(catalogue.finding(
            "PDF101", "", page=n, at=n,
            what="扫描件或图片" if parsed.pages[n - 1].has_images else "空白页，或文字已转为曲线",
            ocr="，已用 OCR 识别文字（置信度较低）" if via_ocr
            else "，OCR 未识别出文字" if "ocr" in text.looked.get(n, {}) else "，未进行 OCR",
            ocr_en="; read by OCR (lower confidence)" if via_ocr else ""))
    if text.unread:
        findings.append(catalogue.finding("PDF112", "", page=text.unread[0],
                                          at="、".join(map(str, text.unread)),
                                          count=len(text.unread)))
    if parsed.page_count == 0:
        findings.append(catalogue.finding("PDF109"))
    if parsed.damaged:
        findings += [catalogue.finding("PDF110", "", note=note) for note in parsed.notes]
    elif parsed.encrypted:
        findings.append(catalogue.finding("PDF111"))
    return findings


def texts_to_documents(text: PageTexts, findings: list) -> list[dict]:
    """Given the text of every page, return the documents the file holds (type and pages); a
    run of pages of no known type is a finding."""
    documents = recognise(text.texts, sources=text.sources)
    for d in documents:
        if d["type"] == "unknown":
            a, b = d["pages"]
            findings.append(catalogue.finding("PDF202", "", page=a,
                                              pages=str(a) if a == b else f"{a}–{b}"))
    return documents


def documents_to_cip(documents: list[dict], text: PageTexts, findings: list) -> dict:
    """Fields of every copyright page; the first page with a CIP number gives the book data.
    A field read by OCR names the characters OCR was unsure of (``uncertain``)."""
    texts, sources = text.texts, text.sources
    pages = [n for d in documents if d["type"] == "版权页"
             for n in range(d["pages"][0], d["pages"][1] + 1)]
    if not pages:
        return {}
    parsed = []
    for n in pages:
        via = "ocr" if sources[n - 1] == "ocr" else "text"
        fields = parse_copyright_page(texts[n - 1], n, via=via)
        if via == "ocr":
            _mark_uncertain(fields, text.looked[n]["ocr"].boxes)
        if fields:
            parsed.append((n, via, fields))
        note = ocr.OCR_NOTE if via == "ocr" else ""
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
                                                  ocr=ocr.field_note(i)[0], severity=WARNING))
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


def _mark_uncertain(fields: dict, boxes: tuple) -> None:
    for value in fields.values():
        for f in value if isinstance(value, list) else [value]:
            f["uncertain"] = ocr.uncertain_characters(f["evidence"], boxes)


def pages_to_marks(count: int, documents: list[dict], text: PageTexts, look_at,
                   record: dict | None, findings: list) -> tuple[dict, dict]:
    """Given the documents, return the QR codes and the seals on the rendered pages where they
    are printed, rendering only pages OCR has not rendered already."""
    qr_pages = _qr_pages(count, documents)
    seal_pages = _seal_pages(documents)
    jobs = {}
    for n in qr_pages:
        jobs.setdefault(n, ())
        jobs[n] += ("qr",)
    for n in seal_pages:
        jobs.setdefault(n, ())
        jobs[n] += ("seal",)
    looked = dict(text.looked)
    looked.update(look_at({n: v for n, v in jobs.items() if n not in looked}))
    has_form = any(d["type"] == "科技成果登记表" for d in documents)
    qr_section = _qr(looked, qr_pages + [n for n in looked if n not in qr_pages], record,
                     findings, has_form)
    return qr_section, _seal(looked, seal_pages, documents, findings)


def documents_to_sets(name: str, parsed: ParsedPdf, documents: list[dict], cip: dict,
                      text: PageTexts, record: dict | None, findings: list, *,
                      materials: bool, bound_set: bool | None) -> tuple[dict | None, dict | None]:
    """Given what the file holds, return the record's materials found in it and the Sichuan
    bound set's order (each None when not asked for), after the comparisons with the record."""
    materials_section = bound_set_section = None
    if record is not None:
        findings += record_findings(record, file=name, sha256=parsed.sha256, documents=documents,
                                    cip=cip, texts=text.texts, sources=text.sources)
        if materials:
            materials_section = materials_mod.check_materials(
                record, [{"file": name, "documents": documents}])
            findings += material_findings(materials_section)
    if bound_set or (bound_set is None and materials_mod.is_sichuan(record)):
        bound_set_section = materials_mod.check_bound_set(documents)
        findings += bound_set_findings(bound_set_section)
    return materials_section, bound_set_section


# --- rendered pages: which ones the worker looks at, and what it saw on them ----------------

def ocr_processes(pages: int, limits: Limits) -> int:
    """How many OCR workers read a file's scanned pages at once: one per core, each with one
    onnxruntime thread (the preloaded models, :func:`validators.pdf.ocr.preload`; one process
    with several threads was slower: bench/ocr.py), as many as the worker's memory limit
    holds, never more than the pages."""
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, pages, limits.memory_bytes // OCR_PROCESS_BYTES))


def _look(data: bytes, jobs: dict, *, limits: Limits, deadline: float, notes: list[str],
          on_page=None) -> dict:
    """The rendered pages' looks, split over :func:`ocr_processes` workers when OCR is asked
    for; a worker that fails leaves its pages out (unread), with a note. ``on_page()`` is
    called as each page is read."""
    if not jobs:
        return {}
    left = deadline - time.monotonic()
    if left < 1:
        notes.append("时间用尽，未渲染页面检查二维码、印章或进行 OCR")
        return {}
    pages = sorted(jobs)
    processes = 1
    if any("ocr" in jobs[n] for n in pages):
        processes = ocr_processes(sum("ocr" in jobs[n] for n in pages), limits)
        # loaded here once per process, the models are shared by every worker forked after
        ocr.preload()
    shares = [{n: jobs[n] for n in pages[i::processes]} for i in range(processes)]

    def look_at_share(share: dict) -> dict:
        try:
            return worker.run(inspect_pages, data, share, left * 0.8, "", 1,
                              limits=replace(limits, timeout_s=left), on_progress=on_page)
        except UnreadablePdf as e:
            notes.append(f"页面渲染未完成：{e.message_zh}")
            return {}

    looked: dict = {}
    with ThreadPoolExecutor(processes) as pool:
        for result in pool.map(look_at_share, shares):
            looked.update(result)
    return looked


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
    drafts = result.get("drafts", [])
    if drafts:      # matching or not, a draft is no form to file; once, naming every page
        findings.append(catalogue.finding("PDF512", "", page=drafts[0],
                                          at="、".join(str(n) for n in drafts)))
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

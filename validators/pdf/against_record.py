"""Findings of one PDF against its record: book data of the copyright page (``PDF501``–``PDF508``),
the registration number on the form (``PDF511``), declared attachment types (``PDF206``),
required materials (``PDF201``) and the Sichuan bound order (``PDF203``, ``PDF204``).

Each function takes what the earlier stages of :func:`validators.pdf.check.check_pdf` found and
returns findings; none of them reads the file.
"""
from __future__ import annotations

import re

from validators import catalogue
from validators.catalogue import WARNING
from validators.findings import Finding
from validators.ids import cip as cip_id
from validators.ids import isbn as isbn_id
from validators.ids.errors import InvalidIdentifier
from validators.pdf import materials as materials_mod
from validators.pdf.copyright import _edition_number
from validators.pdf.doctypes import BY_NAME
from validators.pdf.ocr import OCR_NOTE, field_note
from validators.pdf.parse import squash


def _norm(value) -> str:
    return re.sub(r"[《》“”\"'·・.。,，:：\-—]", "", squash(str(value))).lower()


def _norm_name(value) -> str:
    return re.sub(r"^\([^)]{1,6}\)", "", _norm(value))


def record_findings(record: dict, *, file: str, sha256: str, documents: list[dict], cip: dict,
                    texts: list[str], sources: list[str]) -> list[Finding]:
    """Where the file disagrees with ``record``: book data, declared types, registration number."""
    out = []
    book = materials_mod.section(record, "book") if record.get("kind") == "nssf-publication" else None
    if isinstance(book, dict) and cip:
        out += _compare_book(book, cip)
    out += _declared_types(record, file, sha256, documents)
    out += _registration_number(record, documents, texts, sources)
    return out


def _disagreement(code, path, field: dict, found, recorded):
    """A disagreement that rests on characters OCR was unsure of is a warning quoting them."""
    note, uncertain = field_note(field)
    return catalogue.finding(code, path, page=field["page"], evidence=field["evidence"],
                             at=field["page"], found=found, recorded=recorded, ocr=note,
                             severity=WARNING if uncertain else None)


def _compare_book(book: dict, cip: dict) -> list[Finding]:
    out = []
    if "cip" in cip and book.get("cip_number") and not cip["cip"].get("error"):
        recorded = cip_id.compact(str(book["cip_number"]))
        if recorded != cip["cip"]["value"]:
            out.append(_disagreement("PDF501", "/book/cip_number", cip["cip"], cip["cip"]["value"],
                                book["cip_number"]))
    if cip.get("isbns") and book.get("isbn"):
        try:
            recorded = isbn_id.to_isbn13(str(book["isbn"]))
        except InvalidIdentifier:
            recorded = None  # the record's own ISBN is wrong: the record rules say so
        valid = [i for i in cip["isbns"] if not i["error"]]
        if recorded and valid and recorded not in {i["value"] for i in valid}:
            out.append(_disagreement("PDF502", "/book/isbn", valid[0],
                                "、".join(isbn_id.format(i["value"]) for i in valid), book["isbn"]))
    if "title" in cip and book.get("title"):
        found = cip["title"]["value"]
        main = re.split(r"[:：]", found)[0]
        if _norm(book["title"]) not in (_norm(found), _norm(main)):
            out.append(_disagreement("PDF503", "/book/title", cip["title"], found, book["title"]))
    if "authors" in cip and cip["authors"]["value"]:
        names = [a["name"] for a in cip["authors"]["value"]]
        first = book.get("first_author")
        if first and _norm_name(first) != _norm_name(names[0]):
            out.append(_disagreement("PDF504", "/book/first_author", cip["authors"], names[0], first))
        others = book.get("other_authors")
        if isinstance(others, list) and others != ["无"]:
            if sorted(map(_norm_name, others)) != sorted(map(_norm_name, names[1:])):
                out.append(_disagreement("PDF504", "/book/other_authors", cip["authors"],
                                    "、".join(names[1:]) or "无", "、".join(others) or "无"))
    if "publisher" in cip and book.get("publisher"):
        if _norm(book["publisher"]) != _norm(cip["publisher"]["value"]):
            out.append(_disagreement("PDF505", "/book/publisher", cip["publisher"],
                                cip["publisher"]["value"], book["publisher"]))
    if "publication_date" in cip and book.get("publication_date"):
        if str(book["publication_date"])[:7] != cip["publication_date"]["value"]:
            out.append(_disagreement("PDF506", "/book/publication_date", cip["publication_date"],
                                cip["publication_date"]["value"], book["publication_date"]))
    if "word_count_thousand" in cip and isinstance(book.get("word_count_thousand"), (int, float)):
        if abs(float(book["word_count_thousand"]) - float(cip["word_count_thousand"]["value"])) >= 0.05:
            out.append(_disagreement("PDF507", "/book/word_count_thousand", cip["word_count_thousand"],
                                cip["word_count_thousand"]["value"], book["word_count_thousand"]))
    if "edition" in cip and book.get("edition"):
        m = re.search(r"([0-9一二三四五六七八九十]+)", str(book["edition"]))
        recorded = _edition_number(m.group(1)) if m else None
        if recorded is not None and f"第{recorded}版" != cip["edition"]["value"]:
            out.append(_disagreement("PDF508", "/book/edition", cip["edition"], cip["edition"]["value"],
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


def _declared_types(record: dict, file: str, sha256: str, documents: list[dict]) -> list[Finding]:
    """An attachment of the record that is this file (same SHA-256, or same name) but whose
    declared type, one we can recognise, is not among the documents found."""
    out = []
    found = {d["type"] for d in documents}
    attachments = record.get("attachments")
    for i, a in enumerate(attachments if isinstance(attachments, list) else []):
        if not isinstance(a, dict):
            continue
        same = a.get("sha256") == sha256 or a.get("file_name") == file
        declared = a.get("document_type")
        if same and isinstance(declared, str) and declared in BY_NAME and declared not in found:
            shown = [t for t in found if t != "unknown"] or ["未识别"]
            out.append(catalogue.finding("PDF206", f"/attachments/{i}/document_type",
                                         file=file, declared=declared, found=shown))
    return out


def material_findings(materials: dict) -> list[Finding]:
    source = {"achievement-registration": "002 四", "nssf-completion": "001 五.1",
              "nssf-publication": "000 二"}.get(materials.get("kind"))
    out = []
    for r in materials["required"]:
        if r["status"] == "missing":
            accepts = r["accepts"]
            shown = ("“" + "”或“".join(accepts) + "”") if len(accepts) <= 4 else "其中任何一种材料"
            out.append(catalogue.finding("PDF201", "/attachments", source=source,
                                         requirement=r["requirement"], accepts=shown))
    return out


def bound_set_findings(bound: dict) -> list[Finding]:
    out = [catalogue.finding("PDF203", "", page=o["page"], at=o["page"], group=o["group"],
                             should_precede=o["should_precede"],
                             that_starts_on=o["that_starts_on"])
           for o in bound["out_of_order"]]
    out += [catalogue.finding("PDF204", "", group=g) for g in bound["missing"]]
    return out

"""Every file of the shared tricky-PDF corpus gets a structured result or a clear error, within
bounded time, and the checker still works afterwards (issue #5, corpus README "How tests should
use it")."""
import csv
import json
from pathlib import Path

import pytest

from validators.pdf.check import check_pdf
from validators.pdf.limits import Limits
from validators.pdf.parse import open_pdf
from validators.pdf.report import PdfReport

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"
ROWS = list(csv.DictReader((CORPUS / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t",
                           quoting=csv.QUOTE_NONE))  # the password column is a JSON literal
# 10 s per file: the slowest corpus file (Brotli streams, pypdf fallback) stops reading
# at half of it and reports the unread pages; nothing in the corpus needs the timeout itself.
LIMITS = Limits(timeout_s=10)
CLASS_OF_REASON = {"encrypted": {"encrypted"}, "not-pdf": {"not-pdf"}, "empty": {"not-pdf"},
                   "damaged": {"broken"}}


def outcome_classes(report: PdfReport) -> set[str]:
    """The corpus README's outcome classes a report counts as."""
    if report.error is not None:
        return CLASS_OF_REASON.get(report.error.reason, {"limit"})
    texty = report.pages and len(report.scanned_pages) < report.pages
    classes = {"text" if texty else "no-text"}
    if report.damaged:  # "a partial result flagged as damaged" counts as broken
        classes.add("broken")
    return classes


def test_the_corpus_is_there():
    assert len(ROWS) == 49


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_corpus_file_gets_a_structured_result_of_an_allowed_class(row):
    report = check_pdf(CORPUS / row["file"], use_ocr=False, limits=LIMITS)
    json.dumps(report.to_dict(), ensure_ascii=False)  # plain data, ready for the API
    allowed = {row["expect"]} | {c for c in row["also_ok"].split("|") if c}
    assert outcome_classes(report) & allowed, (report.error, report.notes)
    if report.error is not None:
        assert report.error.message_zh and report.findings[0].code.startswith("PDF10")
    else:
        # every page belongs to exactly one document range (unknown included)
        covered = sum(d["pages"][1] - d["pages"][0] + 1 for d in report.documents)
        assert covered == report.pages
        for f in report.findings:
            assert f.code.startswith("PDF")


def test_password_protected_file_says_encrypted_in_chinese():
    report = check_pdf(CORPUS / "enc-aes256-r6-user-and-owner-pw.pdf", limits=LIMITS)
    assert report.error.reason == "encrypted"
    assert "加密" in report.error.message_zh
    assert report.findings[0].code == "PDF102"


def test_file_with_an_owner_password_only_is_read_and_flagged_encrypted():
    report = check_pdf(CORPUS / "enc-aes256-r6-owner-pw-only.pdf", use_ocr=False, limits=LIMITS)
    assert report.encrypted is True and report.pages == 1
    assert "PDF111" in [f.code for f in report.findings]


def test_a_png_named_pdf_is_not_a_pdf():
    report = check_pdf(CORPUS / "not-pdf-png.pdf", limits=LIMITS)
    assert report.error.reason == "not-pdf" and "PNG" in report.error.message_zh


def test_image_only_page_is_reported_as_scanned_not_empty():
    report = check_pdf(CORPUS / "scan-ccitt-text-as-image.pdf", use_ocr=False, limits=LIMITS)
    assert report.scanned_pages == [1]
    assert [f.code for f in report.findings if f.code == "PDF101"] == ["PDF101"]


def test_the_2000_page_file_is_read_whole_and_a_lower_page_limit_refuses_it():
    # INDEX.tsv: many-pages-2000.pdf has 2000 pages, the default limit is 2,000
    assert open_pdf(CORPUS / "many-pages-2000.pdf", limits=LIMITS).page_count == 2000
    report = check_pdf(CORPUS / "many-pages-2000.pdf", limits=Limits(max_pages=1999))
    assert report.error.reason == "too-many-pages"
    assert "2000 页" in report.error.message_zh


def test_checker_still_works_after_the_whole_corpus():
    sample = Path(__file__).resolve().parents[1] / "samples" / "pdfs" / "ledger.pdf"
    assert check_pdf(sample, use_ocr=False).documents[0]["type"] == "经费明细账"


@pytest.mark.parametrize("row", [r for r in ROWS if r["password"] and r["expect"] == "encrypted"],
                         ids=lambda r: r["file"])
def test_encrypted_corpus_file_opens_with_its_password(row):
    password = json.loads(row["password"])
    parsed = open_pdf(CORPUS / row["file"], limits=LIMITS, password=password)
    assert parsed.page_count >= 1 and parsed.encrypted is True


def test_damaged_copies_of_a_sample_get_structured_results(tmp_path):
    """Bytes flipped and files cut short (seeded, so the same 16 files every run): each one is a
    report or a clear error, never an exception."""
    import random

    original = (Path(__file__).resolve().parents[1] / "samples" / "pdfs" / "patent-certificate.pdf").read_bytes()
    rng = random.Random(5)
    for i in range(16):
        data = bytearray(original)
        if i % 2:
            data = data[: rng.randrange(20, len(data))]
        for _ in range(rng.randrange(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"mutant-{i}.pdf"
        path.write_bytes(bytes(data))
        report = check_pdf(path, use_ocr=False, limits=LIMITS)
        assert (report.error is not None) != isinstance(report.pages, int)
        assert all(f.code.startswith("PDF") for f in report.findings)

"""The memory limit of the child that reads hostile input is on what the work allocates, not on
the address space it inherits: a long-lived process (a server, a test run, OCR models loaded
before the fork) that has grown past the limit must still be able to check a PDF."""
from __future__ import annotations

from pathlib import Path

from validators.child_process import ChildFailed, run_limited
from validators.pdf.check import check_pdf

SCAN = Path(__file__).parent.parent / "samples" / "pdfs" / "scanned-copyright.pdf"
MB = 1024 * 1024


def _allocate(n_mb: int) -> int:
    return len(bytearray(n_mb * MB))


def test_a_parent_grown_past_the_limit_still_reads_a_scanned_page():
    ballast = bytearray(1500 * MB)      # the parent holds more than the 2 GiB limit leaves
    report = check_pdf(SCAN).to_dict()
    assert report["ocr_pages"] == [1] and not report["notes"], report["notes"]
    assert len(ballast) == 1500 * MB


def test_the_work_itself_is_still_held_to_its_limit():
    assert run_limited(_allocate, 50, memory_bytes=200 * MB, timeout_s=30) == 50 * MB
    try:
        run_limited(_allocate, 400, memory_bytes=200 * MB, timeout_s=30)
    except ChildFailed as e:
        assert e.reason == "memory"
    else:
        raise AssertionError("400 MB allocated under a 200 MB limit")

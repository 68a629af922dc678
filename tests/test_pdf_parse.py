"""Reading uploads: limits, the worker process, the clear errors, the text of each page."""
import time
from pathlib import Path

import pytest

from validators.pdf import worker
from validators.pdf.limits import Limits, UnreadablePdf
from validators.pdf.parse import fold, open_pdf, read_upload, squash

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"


def sleep_forever():
    time.sleep(60)


def eat_memory():
    return bytearray(4 * 1024 ** 3)  # 4 GiB, over the 256 MiB limit given below


def crash():
    import os
    os.abort()


def test_full_width_text_is_folded_for_matching():
    # ＩＳＢＮ９７８－７ (full-width) → ISBN978-7; the ideographic space becomes one space
    assert fold("ＩＳＢＮ　９７８－７－５２０１") == "ISBN 978-7-5201"
    assert squash("著　　者／张 三") == "著者/张三"


def test_a_runaway_parse_is_stopped_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(UnreadablePdf) as e:
        worker.run(sleep_forever, limits=Limits(timeout_s=0.5))
    assert e.value.reason == "timeout" and "0.5 秒" in e.value.message_zh
    assert time.monotonic() - started < 5


def test_a_memory_bomb_fails_in_the_worker_not_in_the_caller():
    with pytest.raises(UnreadablePdf) as e:
        worker.run(eat_memory, limits=Limits(memory_bytes=256 * 1024 ** 2))
    assert e.value.reason == "too-large" and "256 MB" in e.value.message_zh


def test_a_crashing_worker_is_a_damaged_file():
    with pytest.raises(UnreadablePdf) as e:
        worker.run(crash)
    assert e.value.reason == "damaged"


def test_file_over_the_size_limit_is_refused_before_parsing():
    size = (SAMPLES / "ledger.pdf").stat().st_size
    with pytest.raises(UnreadablePdf) as e:
        read_upload(SAMPLES / "ledger.pdf", Limits(max_bytes=size - 1))
    assert e.value.reason == "too-large"


def test_empty_bytes_and_html_are_clear_errors():
    with pytest.raises(UnreadablePdf) as e:
        read_upload(b"")
    assert e.value.reason == "empty" and e.value.message_zh == "文件为空（0 字节），请重新上传"
    with pytest.raises(UnreadablePdf) as e:
        read_upload(b"<!DOCTYPE html><html><body>404</body></html>")
    assert e.value.reason == "not-pdf"


def test_page_limit_is_enforced():
    # the acceptance report sample has 2 pages
    with pytest.raises(UnreadablePdf) as e:
        open_pdf(SAMPLES / "acceptance-report.pdf", limits=Limits(max_pages=1))
    assert e.value.reason == "too-many-pages" and "2 页，上限 1 页" in e.value.message_zh


def test_pages_carry_number_text_and_text_layer():
    parsed = open_pdf(SAMPLES / "acceptance-report.pdf")
    assert [p.page_number for p in parsed.pages] == [1, 2]
    assert all(p.has_text_layer for p in parsed.pages)
    assert "山西省科技计划项目验收报告" in squash(parsed.pages[0].text)
    assert "验收专家组组长" in squash(parsed.pages[1].text)
    assert len(parsed.sha256) == 64 and parsed.encrypted is False


def test_rasterised_page_has_no_text_layer():
    parsed = open_pdf(SAMPLES / "scanned-copyright.pdf")
    page = parsed.pages[0]
    assert (page.has_text_layer, page.has_images, page.scanned) == (False, True, True)
    assert parsed.scanned_pages == [1]


def test_bytes_are_accepted_as_well_as_paths():
    data = (SAMPLES / "ledger.pdf").read_bytes()
    assert open_pdf(data).page_count == 1


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PAPERWORK_PDF_MAX_MB", "5")
    monkeypatch.setenv("PAPERWORK_PDF_TIMEOUT_S", "12")
    limits = Limits.from_env(max_pages=10)
    # 5 MB = 5 × 1,048,576 bytes; the explicit max_pages wins over the default 2,000
    assert (limits.max_bytes, limits.timeout_s, limits.max_pages) == (5_242_880, 12.0, 10)
    assert Limits().max_pages == 2000 and Limits().max_bytes == 52_428_800  # 50 × 1,048,576

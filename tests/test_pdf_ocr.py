"""Scanned pages read by RapidOCR (issue #15): sideways and upside-down scans read like upright
ones, every scanned page is read or named as unread, and a disagreement that rests on characters
OCR was unsure of is a warning quoting them."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from validators.pdf import ocr
from validators.pdf.check import check_pdf
from validators.pdf.limits import Limits

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdfs"
RECORD = json.loads((SAMPLES / "records" / "pub-2021.record.json").read_text("utf-8"))
# copyright-2021.pdf prints 中国版本图书馆CIP数据核字（2021）第256731号 and ISBN 978-7-5201-6474-0
CIP, ISBN = "2021256731", "9787520164740"


def page_image(dpi: int = 200) -> Image.Image:
    doc = pdfium.PdfDocument(str(SAMPLES / "copyright-2021.pdf"))
    return doc[0].render(scale=dpi / 72).to_pil().convert("L")


def scan(tmp_path: Path, images: list[Image.Image], name: str = "scan.pdf") -> Path:
    """A PDF of greyscale page images at 200 dpi, no text layer: what a scanner gives."""
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_scan_fed_sideways_or_upside_down_gives_the_cip_number_and_isbn(tmp_path, degrees):
    image = page_image().rotate(degrees + 0.7, expand=True, fillcolor=255)
    report = check_pdf(scan(tmp_path, [image]), look=False, limits=Limits(timeout_s=240))
    assert report.ocr_pages == [1]
    assert report.documents[0]["type"] == "版权页"
    assert report.cip["cip"]["value"] == CIP
    assert [i["value"] for i in report.cip["isbns"]] == [ISBN]


def test_a_scan_not_read_in_the_time_budget_names_its_unread_pages(tmp_path):
    # 60 scanned pages in 8 s: more than OCR reads on two cores (about 1 s a page), and every
    # page either read or named as unread
    path = scan(tmp_path, [page_image(100)] * 60)
    report = check_pdf(path, look=False, limits=Limits(timeout_s=8))
    assert report.error is None and report.scanned_pages == list(range(1, 61))
    unread = report.ocr_unread_pages
    assert unread and sorted(report.ocr_pages + unread) == report.scanned_pages
    (finding,) = [f for f in report.findings if f.code == "PDF112"]
    assert f"第 {'、'.join(map(str, unread))} 页（共 {len(unread)} 页扫描页）" in finding.message
    assert report.to_dict()["ocr_unread_pages"] == unread


def smudged_cip_digit(dpi: int = 200) -> Image.Image:
    """The page with a thin grey scratch (a hair on the scanner glass) across the top of the last
    digit of 第256731号, so that it looks a little like a 7; where the digit sits comes from the
    text PDF's own character boxes."""
    page = pdfium.PdfDocument(str(SAMPLES / "copyright-2021.pdf"))[0]
    text = page.get_textpage()
    i = text.get_text_range().index("256731") + 5
    left, _, right, top = text.get_charbox(i)
    k, height = dpi / 72, page.get_height()
    image = page_image(dpi)
    y = (height - top) * k + 2
    ImageDraw.Draw(image).line((left * k - (right - left) * k / 2, y, right * k, y), fill=170, width=2)
    return image


def other_cip(record: dict) -> dict:
    record = json.loads(json.dumps(record))
    record["book"]["cip_number"] = "2021256732"
    return record


def test_a_disagreement_resting_on_a_digit_ocr_was_unsure_of_is_a_warning_quoting_it(tmp_path):
    report = check_pdf(scan(tmp_path, [smudged_cip_digit()]), other_cip(RECORD), look=False,
                       limits=Limits(timeout_s=240))
    assert report.cip["cip"]["value"] == CIP and report.cip["cip"]["uncertain"] == "1"
    (f,) = [f for f in report.findings if f.code == "PDF501"]
    assert f.severity == "warning"
    assert "印刷文字“中国版本图书馆CIP数据核字(2021)第256731号”中“1”识别把握不大" in f.message


def test_a_disagreement_read_by_ocr_with_every_character_certain_is_an_error(tmp_path):
    report = check_pdf(scan(tmp_path, [page_image()]), other_cip(RECORD), look=False,
                       limits=Limits(timeout_s=240))
    assert report.cip["cip"]["uncertain"] == ""
    (f,) = [f for f in report.findings if f.code == "PDF501"]
    assert f.severity == "error" and "由 OCR 识别" in f.message


CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


@pytest.mark.parametrize("name, words", [("scan-ccitt-text-as-image.pdf", "ImageMaskExample"),
                                         ("scan-jbig2-rotated-no-text.pdf", "Doesn'tWork")])
def test_the_corpus_scans_are_read(name, words):
    # INDEX.tsv: the CCITT page is the words 'Image Mask Example'; the JBIG2 page (/Rotate 270)
    # shows "It Doesn't Work?!?!?!" (pdftoppm -r 80 of the page, looked at)
    report = check_pdf(CORPUS / name, look=False, limits=Limits(timeout_s=120))
    assert report.ocr_pages == [1] and report.ocr_unread_pages == []
    assert "已用 OCR 识别文字" in [f for f in report.findings if f.code == "PDF101"][0].message
    page = pdfium.PdfDocument(str(CORPUS / name))[0].render(scale=200 / 72).to_pil()
    assert words in ocr.read_page(page).text.replace(" ", "").replace("\n", "")



class CountedCalls:
    """The engine's real text detector, counting how often a page is searched for lines."""

    def __init__(self, detector):
        self.detector, self.calls = detector, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.detector(*args, **kwargs)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_fed_turned_is_searched_for_lines_once_like_an_upright_one(monkeypatch, degrees):
    ocr.read_page(page_image())      # loads the models
    detector = CountedCalls(ocr.engine(1).text_det)
    monkeypatch.setattr(ocr.engine(1), "text_det", detector)
    reading = ocr.read_page(page_image().rotate(degrees + 0.7, expand=True, fillcolor=255))
    assert "中国版本图书馆CIP数据核字（2021）第256731号" in reading.text.replace(" ", "")
    assert reading.rotation == 360 - degrees and detector.calls == 1


def test_a_check_leaves_the_models_loaded_for_the_ocr_workers_of_the_next_one(tmp_path):
    # the workers are forked from the checking process: models it holds are theirs at no cost
    path = scan(tmp_path, [page_image()])
    code = ("import sys; from validators.pdf import ocr; from validators.pdf.check import check_pdf;"
            f"check_pdf({str(path)!r}, look=False);"
            "e = ocr.engine(1); print(e.text_det is not None and e.text_rec is not None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "True", done.stderr[-2000:]


def test_the_int8_models_made_by_setup_read_a_copyright_page_as_the_wheels_float_ones_do():
    # `make setup` makes them (python -m validators.pdf.ocr_models); running it again keeps them
    done = subprocess.run([sys.executable, "-m", "validators.pdf.ocr_models"], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)
    again = subprocess.run([sys.executable, "-m", "validators.pdf.ocr_models"], capture_output=True,
                           text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0 and again.returncode == 0, done.stderr[-2000:]
    made = [ocr.int8_model(kind) for kind in ocr.INT8_MODELS]
    assert all(path.is_file() for path in made), done.stderr[-2000:]
    assert again.stderr.count("kept ") == len(made), again.stderr[-2000:]
    assert ocr.engine(1).cfg.Det.model_path == str(made[0])
    for int8 in (True, False):
        text = ocr.read_page(page_image(), 1, int8).text.replace(" ", "")
        assert "中国版本图书馆CIP数据核字（2021）第256731号" in text and "ISBN978-7-5201-6474-0" in text


def test_without_the_int8_models_the_wheels_float_models_read_the_page(tmp_path):
    code = ("from tests.test_pdf_ocr import page_image; from validators.pdf import ocr;"
            "print(ocr.engine(1).cfg.Det.model_path);"
            "print(ocr.read_page(page_image()).text.replace(' ', ''))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env={**os.environ, "PAPERWORK_OCR_MODELS": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0] == "None"        # RapidOCR's own: the wheel's model
    assert "中国版本图书馆CIP数据核字（2021）第256731号" in done.stdout

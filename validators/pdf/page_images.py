"""Looking at pages as pictures, in the worker: QR codes, seals and OCR need a rendered page.

``inspect_pages`` renders each requested page once with pypdfium2 and runs the requested looks
on it. Pages that would need an absurd bitmap (a corpus file declares a page 2,147,483,647 pt
high) are skipped with a note instead of rendered; the worker's memory limit stays the last
guard. OCR stops when the time budget is spent, and says which pages it did not read
(``skipped: "time"``). Several of these workers run side by side, each on its share of the
pages (:func:`validators.pdf.check._look`), one per core with one onnxruntime thread each and
the models preloaded by the process that forks them.
"""
from __future__ import annotations

import time

from validators import child_process
from validators.pdf import ocr, qr, seal

DPI = 200                      # QR modules of a 15 mm code stay ≥ 2 px, seals and text legible
MAX_PAGE_PT = 14400            # the PDF spec's largest page side (200 in)
MAX_PIXELS = 40_000_000        # per rendered page


def _scale_for(width_pt: float, height_pt: float, dpi: int) -> float | None:
    if not (0 < width_pt <= MAX_PAGE_PT and 0 < height_pt <= MAX_PAGE_PT):
        return None
    scale = dpi / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale


def inspect_pages(data: bytes, jobs: dict[int, tuple[str, ...]], budget_s: float,
                  password: str = "", threads: int = 1) -> dict[int, dict]:
    """``jobs``: page number → looks (``"qr"``, ``"seal"``, ``"ocr"``) → results per page
    (``"ocr"``: a :class:`validators.pdf.ocr.PageReading`)."""
    import pypdfium2 as pdfium

    deadline = time.monotonic() + budget_s
    results: dict[int, dict] = {}
    doc = pdfium.PdfDocument(data, password=password or None)
    try:
        for number in sorted(jobs):
            looks = jobs[number]
            out = results.setdefault(number, {})
            if time.monotonic() > deadline:
                out["skipped"] = "time"
                continue
            try:
                page = doc[number - 1]
            except pdfium.PdfiumError:
                out["skipped"] = "page-not-loadable"
                continue
            try:
                width, height = page.get_size()
                scale = _scale_for(width, height, DPI)
                if scale is None:
                    out["skipped"] = "page-too-large"
                    continue
                image = page.render(scale=scale).to_pil()
            finally:
                page.close()
            px_per_mm = scale * 72 / 25.4
            if "qr" in looks:
                out["qr"] = qr.decode_image(image)
            if "seal" in looks:
                out["seal"] = seal.find_seals(image, px_per_mm)
            if "ocr" in looks:
                out["ocr"] = ocr.read_page(image, threads)
                child_process.step()        # one more page read: the progress bar moves
    finally:
        doc.close()
    return results

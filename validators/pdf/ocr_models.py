"""Int8 copies of RapidOCR's text detector and recogniser, made once from the models the
``rapidocr`` wheel ships, so that OCR spends about half the CPU a page (docs/pdf.md § OCR).

``python -m validators.pdf.ocr_models`` (``make setup``) writes them into
:func:`validators.pdf.ocr.int8_dir` (``PAPERWORK_OCR_MODELS``, default ``.cache/ocr-models`` in
the project), named after the recipe and the wheel model's digest; it does nothing when they are
there. Without them (no ``onnx`` package, or they could not be made) OCR runs the wheel's float
models; the bench (``bench/ocr.py``) says which ones it read with.

How they are made (onnxruntime.quantization; every choice measured on the bench's scans):

- calibration pages of our own: generated copyright pages (:func:`make_book`, other books than
  the bench's), scanned at 200 dpi and skewed or turned; the float engine reads them as
  :func:`validators.pdf.ocr.read_page` does, and what its models are given is the calibration;
- the detector: static QDQ, int8 weights per channel, uint8 activations, MinMax (opset 13, which
  per-channel weights need): 1.9× faster, the same lines found;
- the recogniser: its convolutions static QDQ as above, except the first one and the three of
  the head (those cost accuracy: 靜 for 静, ``。一一`` for the CIP line's ``.--``), and its MatMuls
  dynamic int8. All of it static (MatMul, Softmax, Add too) read worse and was no faster; dynamic
  convolutions (ConvInteger) were 5× slower than float.
"""
from __future__ import annotations

import logging
import os
import random
import sys
import tempfile
from pathlib import Path

from stdnum import ean
from stdnum import isbn as stdnum_isbn

from validators.pdf import ocr

log = logging.getLogger("paperwork.ocr_models")

TITLES = ["中国传统伦理思想的现代转化", "全球治理的未来", "近代江南市镇经济研究", "数字经济与产业组织",
          "宋代士大夫政治文化", "乡村振兴的制度逻辑", "汉语方言语法比较", "明清海洋贸易史论",
          "社会网络与基层治理", "马克思主义哲学原理新探", "唐诗接受史", "城市更新中的社区参与",
          "新中国法治建设七十年", "敦煌文献整理与研究", "气候变化与国际法"]
PUBLISHERS = [("北京", "社会科学文献出版社"), ("北京", "商务印书馆"), ("上海", "上海人民出版社"),
              ("北京", "中华书局"), ("北京", "人民出版社"), ("南京", "江苏人民出版社"),
              ("北京", "中国社会科学出版社"), ("杭州", "浙江大学出版社"), ("武汉", "武汉大学出版社")]
NAMES = ["王建国", "李晓梅", "赵志刚", "刘文静", "陈思远", "张海燕", "周立新", "孙美子", "吴志强", "郑红"]
FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC"]
CSS = """@page {{ size: 140mm 203mm; margin: 15mm 14mm; }}
body {{ font-family: "{font}"; font-size: {size}pt; line-height: 1.55; }}
.cip {{ border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; padding: 2mm 0; margin: 30mm 0 5mm; }}
p {{ margin: 0.6mm 0; }}"""
#: the calibration pages: books of this seed (the bench's are seed 15), turned so many degrees
CALIBRATION_SEED = 1015
CALIBRATION_TURNS = (0.7, 0.7, 90.7, 180.7, -1.2, 270.7, 0.0, 1.5) * 2
REC_EVERY = 3               # every third line the recogniser is given calibrates it (~90 lines)


def make_book(rng: random.Random, i: int) -> dict:
    """A copyright page's facts: its own title, authors, publisher, CIP number and ISBN."""
    year = rng.choice([2018, 2019, 2020, 2021, 2022, 2023, 2024])
    place, publisher = rng.choice(PUBLISHERS)
    body = f"{rng.randrange(100, 999)}{rng.randrange(10, 99)}{rng.randrange(100, 999)}"
    digits = "9787" + body[:8]
    isbn = digits + ean.calc_check_digit(digits)
    if year >= 2023:
        serial = f"{year}{rng.choice(['PR', 'CK', 'HX'])}{rng.randrange(1000, 9999)}"
        cip_printed, cip = f"中国国家版本馆CIP数据核字第{serial}号", serial
    else:
        serial = f"{rng.randrange(100000, 399999)}"
        cip_printed, cip = f"中国版本图书馆CIP数据核字（{year}）第{serial}号", f"{year}{serial}"
    authors = rng.sample(NAMES, rng.randrange(1, 4))
    return {"title": TITLES[i % len(TITLES)], "authors": authors, "place": place,
            "publisher": publisher, "year": year, "month": rng.randrange(1, 13), "isbn": isbn,
            "isbn_printed": "ISBN " + stdnum_isbn.format(isbn), "cip": cip,
            "cip_printed": cip_printed, "font": FONTS[i % 2], "size": 9 + (i % 3) * 0.5,
            "words": rng.randrange(180, 620), "price": f"{rng.randrange(38, 168)}.00"}


def book_html(b: dict) -> str:
    """The 32开 copyright page of ``b`` (9–10 pt, the CIP block between rules, then the imprint)."""
    return f"""<html><head><meta charset="utf-8"><style>{CSS.format(font=b['font'], size=b['size'])}</style>
      </head><body><div class="cip"><p>图书在版编目（CIP）数据</p>
      <p>{b['title']} / {'，'.join(b['authors'])}著．－－{b['place']}：{b['publisher']}，{b['year']}.{b['month']}</p>
      <p>{b['isbn_printed']}</p><p>Ⅰ．①{b['title'][0]}…　Ⅱ．①{b['authors'][0][0]}…　Ⅲ．①研究－中国</p>
      <p>{b['cip_printed']}</p></div>
      <p>{b['title']}</p><p>著　　者／{'　'.join(b['authors'])}</p><p>出　　版／{b['publisher']}</p>
      <p>开本：880mm×1230mm　1/32　印张：12.5　字数：{b['words']}千字</p>
      <p>版　　次／{b['year']}年{b['month']}月第1版　{b['year']}年{b['month']}月第1次印刷</p>
      <p>书　　号／{b['isbn_printed']}</p><p>定　　价／{b['price']}元</p></body></html>"""


def scan_image(pdf: bytes, turn: float, dpi: int = 200):
    """Page 1 of ``pdf`` as a greyscale scan at ``dpi``, turned ``turn`` degrees."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")
    return image.rotate(turn, expand=True, fillcolor=255, resample=3)


def calibration_pages() -> list:
    from weasyprint import HTML

    rng = random.Random(CALIBRATION_SEED)
    return [scan_image(HTML(string=book_html(make_book(rng, i + 3))).write_pdf(), turn)
            for i, turn in enumerate(CALIBRATION_TURNS)]


class _Recorded:
    """An onnxruntime session of RapidOCR's that keeps what it is given."""

    def __init__(self, session):
        self.session, self.inputs = session, []

    def __call__(self, tensor):
        self.inputs.append(tensor.copy())
        return self.session(tensor)

    def __getattr__(self, name):
        return getattr(self.session, name)


def calibration_inputs() -> dict[str, list]:
    """What the float detector and recogniser are given when they read the calibration pages."""
    reader = ocr.engine(1, int8=False)
    det, rec = reader._load_det_model(), reader._load_rec_model()
    sessions = {"det": det.session, "rec": rec.session}
    det.session, rec.session = _Recorded(det.session), _Recorded(rec.session)
    try:
        for page in calibration_pages():
            ocr.read_page(page, 1, int8=False)
        return {"det": det.session.inputs, "rec": rec.session.inputs[::REC_EVERY]}
    finally:
        det.session, rec.session = sessions["det"], sessions["rec"]


def _quantise(kind: str, inputs: list, out: Path, work: Path) -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.left = iter(inputs)

        def get_next(self):
            tensor = next(self.left, None)
            return None if tensor is None else {"x": tensor}

    pre, opset13 = work / f"{kind}-pre.onnx", work / f"{kind}-13.onnx"
    quant_pre_process(str(ocr.shipped_model(kind)), str(pre), skip_symbolic_shape=True)
    onnx.save(version_converter.convert_version(onnx.load(str(pre)), 13), str(opset13))
    static = {"quant_format": QuantFormat.QDQ, "per_channel": True,
              "activation_type": QuantType.QUInt8, "weight_type": QuantType.QInt8,
              "calibrate_method": CalibrationMethod.MinMax}
    if kind == "det":
        quantize_static(str(opset13), str(out), Reader(), **static)
        return
    convs = [n.name for n in onnx.load(str(opset13)).graph.node if n.op_type == "Conv"]
    convs_done = work / "rec-convs.onnx"
    quantize_static(str(opset13), str(convs_done), Reader(), op_types_to_quantize=["Conv"],
                    nodes_to_exclude=[convs[0], *convs[-3:]], **static)
    quantize_dynamic(str(convs_done), str(out), op_types_to_quantize=["MatMul"],
                     weight_type=QuantType.QInt8)


def build() -> list[Path]:
    """Make the int8 models that are not there yet; returns the paths made."""
    todo = [kind for kind in ocr.INT8_MODELS if not ocr.int8_model(kind).is_file()]
    if not todo:
        return []
    target = ocr.int8_dir()
    target.mkdir(parents=True, exist_ok=True)
    inputs = calibration_inputs()
    made = []
    with tempfile.TemporaryDirectory(dir=target) as work:
        for kind in todo:
            final = ocr.int8_model(kind)
            part = Path(work) / final.name
            _quantise(kind, inputs[kind], part, Path(work))
            os.replace(part, final)
            made.append(final)
    for old in target.glob("*.int8-*.onnx"):      # copies of an older recipe or wheel
        if old not in {ocr.int8_model(kind) for kind in ocr.INT8_MODELS}:
            old.unlink()
    return made


def main() -> int:
    logging.basicConfig(level=logging.ERROR, format="%(message)s")   # not the quantiser's notes
    log.setLevel(logging.INFO)
    try:
        import onnx  # noqa: F401
    except ImportError:
        log.warning("onnx is not installed: OCR uses the wheel's float models")
        return 0
    try:
        made = build()
    except Exception as e:   # as generator.fonts: OCR works without them, only slower
        log.warning("the int8 OCR models could not be made (%s): OCR uses the wheel's float models", e)
        return 0
    for kind in ocr.INT8_MODELS:
        path = ocr.int8_model(kind)
        log.info("%s %s (%.1f MB)", "made" if path in made else "kept", path,
                 path.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    sys.exit(main())

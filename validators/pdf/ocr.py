"""OCR of scanned pages with RapidOCR (PP-OCRv6 small detection and recognition, run by
onnxruntime; the models ship inside the ``rapidocr`` wheel, so nothing is fetched at run time).

The engine is created once per process (:func:`engine`) and its models are loaded by
:func:`preload` in the process that forks the PDF workers, so every worker shares them
copy-on-write instead of loading them (1–2.5 s each); the worker's memory limit and time budget
bound the reading. :func:`read_page` returns :class:`TextBox` es with their position on the
upright page and a confidence per character; a finding that rests on characters read with less
than :data:`LOW_CONFIDENCE` says which ones and is only a warning.

Pages fed sideways or upside down cost what an upright page costs: the lines are found once,
most of them standing tall means a page turned by 90°, and RapidOCR's 0°/180° line classifier on
the five longest lines says which way; every line is then recognised turned upright, and its
box is placed on the upright page. Only a page whose reading is still poor (:data:`POOR_TEXT`)
is recognised again the other way up. Skew of a few degrees needs nothing: the detector finds
slanted lines and they are cut out straightened.

The detector and the recogniser run as int8 copies of the wheel's models when
``python -m validators.pdf.ocr_models`` (``make setup``) has made them into :func:`int8_dir`
(1.4× less CPU a page than the float models, 1.6× with lines padded less, :data:`REC_MIN_WIDTH`;
the same CIP numbers and ISBNs; docs/pdf.md); without them, the wheel's float models are used.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

LOW_CONFIDENCE = 0.9       # a character read with less is "uncertain" in findings
POOR_TEXT = 0.85           # mean character confidence below which a page is tried turned
#: longest side of the picture the text detector sees: at 960, 736 and 640 px 33 of 33 bench scans
#: read right, at 1.5, 1.1 and 1.0 CPU s a page; at 736 10.5 pt print on an A4 page is 9 px high
DET_SIDE = 736
TEXT_SCORE = 0.5           # lines read with less are dropped (RapidOCR's own default)
#: narrowest picture of a line the recogniser sees (RapidOCR pads every line to 320 px, 6.7 times
#: its height: a short line such as 版次 cost as much as a long one): the same text, ~10 % less CPU
REC_MIN_WIDTH = 96
#: the wheel's models that have int8 copies (``ocr_models``), and how the copies are made
INT8_MODELS = {"det": "PP-OCRv6_det_small.onnx", "rec": "PP-OCRv6_rec_small.onnx"}
INT8_RECIPE = "1"          # bumped when ocr_models makes the copies differently
#: appended to the message of a finding that rests on OCR text
OCR_NOTE = "（由 OCR 识别，可能有误，请人工核对）"


@dataclass(frozen=True)
class TextBox:
    """One line of text as OCR read it: pixels of the upright page, a confidence per character."""
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float               # the line's score from the recogniser
    char_confidence: tuple[float, ...]

    def uncertain(self) -> str:
        return "".join(c for c, s in zip(self.text, self.char_confidence)
                       if s < LOW_CONFIDENCE and not c.isspace())


@dataclass(frozen=True)
class PageReading:
    boxes: tuple[TextBox, ...]
    rotation: int                   # degrees the page image was turned (counter-clockwise) to read

    @property
    def text(self) -> str:
        return boxes_to_text(self.boxes)


def shipped_model(kind: str) -> Path:
    """The wheel's own model file for ``kind`` (``det``, ``rec``)."""
    import rapidocr

    return Path(rapidocr.__file__).parent / "models" / INT8_MODELS[kind]


def int8_dir() -> Path:
    return Path(os.environ.get("PAPERWORK_OCR_MODELS",
                               Path(__file__).resolve().parents[2] / ".cache" / "ocr-models"))


@functools.cache
def int8_model(kind: str) -> Path:
    """Where the int8 copy of the wheel's ``kind`` model is: named after the recipe and the
    source's digest, so an upgraded wheel's models are copied again and stale copies are unused."""
    digest = hashlib.sha256(shipped_model(kind).read_bytes()).hexdigest()[:12]
    return int8_dir() / f"{Path(INT8_MODELS[kind]).stem}.int8-r{INT8_RECIPE}-{digest}.onnx"


def engine(threads: int = 1, int8: bool = True):
    """The RapidOCR engine of this process for ``threads`` onnxruntime threads, with the int8
    models where they were made (``int8``) and the wheel's float models otherwise."""
    return _engine(threads, bool(int8))


@functools.cache
def _engine(threads: int, int8: bool):
    from rapidocr import RapidOCR

    params = {
        "Global.log_level": "warning", "Global.return_word_box": True,
        # lines are turned upright by read_page, which knows the page's turn (the per-line
        # classifier alone would read a 180° page's lines upright but bottom to top); every call
        # names use_det/use_cls/use_rec, as RapidOCR keeps the last call's choice
        "Global.use_cls": False,
        "Det.limit_type": "max", "Det.limit_side_len": DET_SIDE,
        "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for kind in INT8_MODELS:
        if int8 and int8_model(kind).is_file():
            params[f"{kind.title()}.model_path"] = str(int8_model(kind))
    return RapidOCR(params=params)


@functools.cache
def preload(int8: bool = True) -> None:
    """Load the three models in this process (one thread: onnxruntime keeps no thread pool that
    a fork would lose), so the OCR workers forked from it share them instead of each loading
    them again (1–2.5 s a worker). Reading one printed line loads every model."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    line = Image.new("RGB", (480, 80), "white")
    ImageDraw.Draw(line).text((10, 15), "ISBN 978-7", fill="black",
                              font=ImageFont.load_default(40))
    pixels = np.asarray(line)
    engine(1, int8)(pixels, use_det=True, use_cls=False, use_rec=False)
    engine(1, int8)(pixels, use_det=False, use_cls=True, use_rec=True)


def _clockwise_from_top_left(box):
    """The four corners of a detected line from its top left, clockwise, on the page as
    scanned: the detector may start anywhere, and the crop is cut from the first corner."""
    import numpy as np

    plus, minus = box.sum(axis=1), box[:, 0] - box[:, 1]
    return np.array([box[plus.argmin()], box[minus.argmax()], box[plus.argmax()],
                     box[minus.argmin()]], dtype=np.float32)


def _tall(box) -> bool:
    """A line standing upright (RapidOCR's crop turns such a box a quarter turn itself)."""
    import numpy as np

    width = max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[2] - box[3]))
    height = max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2]))
    return bool(height >= 1.5 * width)


def _crop_turns(box, rotation: int) -> int:
    """The quarter turns (counter-clockwise) that make the crop of ``box`` upright on a page
    that reads upright once turned ``rotation`` degrees."""
    return (rotation // 90 - _tall(box)) % 4


def _upright_box(corners, rotation: int, width: int, height: int) -> tuple[int, int, int, int]:
    """``corners`` (pixels of the page as scanned) on the page turned ``rotation`` degrees
    counter-clockwise (PIL ``rotate(rotation, expand=True)``): left, top, right, bottom."""
    turned = {0: lambda x, y: (x, y), 90: lambda x, y: (y, width - x),
              180: lambda x, y: (width - x, height - y), 270: lambda x, y: (height - y, x)}
    points = [turned[rotation](float(x), float(y)) for x, y in corners]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))


def _read_lines(crops: list, corners: list, rotation: int, size: tuple[int, int],
                reader) -> tuple[TextBox, ...]:
    """Each detected line recognised upright, one crop at a time (no padding to the widest
    line of a batch: faster than RapidOCR's batches of 6 on one thread)."""
    import numpy as np

    boxes = []
    for crop, box in zip(crops, corners):
        upright = np.ascontiguousarray(np.rot90(crop, _crop_turns(box, rotation)))
        out = reader(upright, use_det=False, use_cls=False, use_rec=True)
        if not out.txts or not out.txts[0].strip() or out.scores[0] < TEXT_SCORE:
            continue
        text, score = out.txts[0], float(out.scores[0])
        confs = out.word_results[0].confs if out.word_results and out.word_results[0] else []
        per_char = list(confs) if len(confs) == len(text) else [score] * len(text)
        boxes.append(TextBox(text, *_upright_box(box, rotation, *size), round(score, 4),
                             tuple(round(float(s), 4) for s in per_char)))
    return tuple(boxes)


def _turn(crops: list, corners: list, reader) -> int:
    """Which way the page is turned: sideways when most lines stand tall, and then (or else)
    upside down when RapidOCR's 0°/180° line classifier says so of its five longest lines."""
    import numpy as np

    sideways = len(corners) >= 3 and sum(map(_tall, corners)) > len(corners) / 2
    base = 90 if sideways else 0
    longest = sorted(zip(crops, corners), key=lambda c: max(c[0].shape[:2]), reverse=True)[:5]
    vote = 0.0
    for crop, box in longest:
        upright = np.ascontiguousarray(np.rot90(crop, _crop_turns(box, base)))
        (label, score), = reader(upright, use_det=False, use_cls=True, use_rec=False).cls_res
        vote += float(score) if label == "180" else -float(score)
    return base + 180 if vote > 0 else base


def _quality(boxes: tuple[TextBox, ...]) -> float:
    scores = [s for b in boxes for s in b.char_confidence]
    return sum(scores) / len(scores) if scores else 0.0


def read_page(image, threads: int = 1, int8: bool = True) -> PageReading:
    """The text boxes of one page image (PIL), turned upright first when it was scanned turned:
    the lines are found once, the page's turn is judged on a few of them, and each line is then
    recognised upright; only a page still read poorly is read the other way up too."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    reader = engine(threads, int8)
    pixels = np.asarray(image.convert("RGB"))
    found = reader(pixels, use_det=True, use_cls=False, use_rec=False)
    if found.boxes is None or not len(found.boxes):
        return PageReading((), 0)
    corners = [_clockwise_from_top_left(np.asarray(box, dtype=np.float32))
               for box in found.boxes]
    crops = [get_rotate_crop_image(pixels, box.copy()) for box in corners]
    size = (pixels.shape[1], pixels.shape[0])
    rotation = _turn(crops, corners, reader)
    best = PageReading(_read_lines(crops, corners, rotation, size, reader), rotation)
    if _quality(best.boxes) < POOR_TEXT:
        other = (rotation + 180) % 360
        again = _read_lines(crops, corners, other, size, reader)
        if _quality(again) * len(again) > _quality(best.boxes) * len(best.boxes):
            best = PageReading(again, other)
    return best


def boxes_to_text(boxes: tuple[TextBox, ...]) -> str:
    """Lines top to bottom; boxes side by side on one line (``规`` ``格/开本…``) joined by a space."""
    lines: list[list[TextBox]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (b.top + b.bottom) / 2
        if lines and abs(middle - _middle(lines[-1])) < (b.bottom - b.top) / 2:
            lines[-1].append(b)
        else:
            lines.append([b])
    return "\n".join(" ".join(b.text for b in sorted(line, key=lambda b: b.left)) for line in lines)


def _middle(line: list[TextBox]) -> float:
    return sum((b.top + b.bottom) / 2 for b in line) / len(line)


# Misreadings RapidOCR still makes on copyright pages, undone before any matching (bench/ocr.py
# counts the pages each one changes): the CIP line's dash ``——`` after ``著.`` read as ``—一``
# or ``一一`` (text already folded, so ``—`` is ``-``); the year's closing bracket read twice,
# ``（2021)）`` (1 page in 53).
_OCR_FIXES = (
    (re.compile(r"(?<=\.)\s*[一-]{2,}"), "--"),
    (re.compile(r"(?<=\(\d{4})\)\s*\)"), ")"),
)


def clean_ocr_text(text: str) -> str:
    """Undo the misreadings above.

    >>> clean_ocr_text('赵志刚著.-一北京:社会科学文献出版社 一一对应')
    '赵志刚著.--北京:社会科学文献出版社 一一对应'
    >>> clean_ocr_text('中国版本图书馆CIP数据核字(2021))第169061号')
    '中国版本图书馆CIP数据核字(2021)第169061号'
    """
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text


def uncertain_characters(evidence: str, boxes: tuple[TextBox, ...]) -> str:
    """The letters, digits and hanzi of ``evidence`` (printed words a field was read from) that
    OCR read with less than :data:`LOW_CONFIDENCE`, in order, without repeats."""
    from validators.pdf.parse import squash

    target = squash(evidence)
    found: list[str] = []
    for box in boxes:
        chars = [(squash(c), c, s) for c, s in zip(box.text, box.char_confidence)]
        line = "".join(f for f, _, _ in chars)
        matcher = difflib.SequenceMatcher(None, line, target, autojunk=False)
        blocks = [m for m in matcher.get_matching_blocks() if m.size >= min(4, len(target))]
        if not blocks:
            continue
        position = 0
        for folded, printed, score in chars:
            inside = any(m.a <= position < m.a + m.size for m in blocks)
            position += len(folded)
            if inside and printed.isalnum() and score < LOW_CONFIDENCE and printed not in found:
                found.append(printed)
    return "".join(found)


def field_note(field: dict) -> tuple[str, bool]:
    """What a finding resting on ``field`` (a copyright-page field) adds to its message, and
    whether it is only a warning: read by OCR with uncertain characters, it quotes them."""
    if field.get("via") != "ocr":
        return "", False
    uncertain = field.get("uncertain")
    if uncertain is None:       # OCR text without per-character confidence (a form's pages)
        return OCR_NOTE, True
    if uncertain:
        shown = "、".join(uncertain)
        return (f"（由 OCR 识别：印刷文字“{field['evidence']}”中“{shown}”识别把握不大，"
                "请对照原件核对）"), True
    return "（由 OCR 识别）", False

"""OCR of scanned pages with RapidOCR (PP-OCRv6 small detection and recognition, run by
onnxruntime; the models ship inside the ``rapidocr`` wheel, so nothing is fetched at run time).

The engine is created once per process (:func:`engine`): onnxruntime sessions cost about a
second to build. It runs in the PDF worker, so the worker's memory limit and time budget bound
it too. :func:`read_page` returns :class:`TextBox` es with their position on the upright page and
a confidence per character; a finding that rests on characters read with less than
:data:`LOW_CONFIDENCE` says which ones and is only a warning.

Pages fed sideways or upside down: an upright page reads with confident characters; when the
text is poor (:data:`POOR_TEXT`) or most lines stand upright (a page turned by 90°), the page is
read again turned, and the best reading is kept. Skew of a few degrees needs nothing: the
detector finds slanted lines and they are cut out straightened.
"""
from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass

LOW_CONFIDENCE = 0.9       # a character read with less is "uncertain" in findings
POOR_TEXT = 0.85           # mean character confidence below which a page is tried turned
DET_SIDE = 960             # longest side of the picture the text detector sees (speed, memory)
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


def threads_per_process(processes: int) -> int:
    """onnxruntime threads for one of ``processes`` OCR processes sharing this machine's cores."""
    return max(1, len(os.sched_getaffinity(0)) // max(1, processes))


@functools.cache
def engine(threads: int = 1):
    from rapidocr import RapidOCR

    return RapidOCR(params={
        "Global.log_level": "warning", "Global.return_word_box": True,
        # 180° pages are turned whole (read_page): the per-line classifier would read each line
        # upright but leave the lines in bottom-to-top order
        "Global.use_cls": False,
        "Det.limit_type": "max", "Det.limit_side_len": DET_SIDE,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def _boxes(image, threads: int) -> tuple[TextBox, ...]:
    import numpy as np

    out = engine(threads)(np.asarray(image.convert("RGB")), use_det=True, use_rec=True)
    if out.boxes is None:
        return ()
    boxes = []
    for corners, text, score, words in zip(out.boxes, out.txts, out.scores,
                                           out.word_results or [()] * len(out.txts)):
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        per_char = [s for w, s, _ in words for _ in w]
        if len(per_char) != len(text):      # words joined with spaces: the line's score for all
            per_char = [score] * len(text)
        boxes.append(TextBox(text, int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)),
                             round(float(score), 4), tuple(round(float(s), 4) for s in per_char)))
    return tuple(boxes)


def _sideways_turn(image, boxes: tuple[TextBox, ...], threads: int) -> int:
    """90 or 270: which way the lines of a page scanned sideways read best, judged by the
    recogniser alone on its three longest lines (a whole page read twice costs far more)."""
    import numpy as np

    tall = sorted((b for b in boxes if b.bottom - b.top > b.right - b.left),
                  key=lambda b: b.bottom - b.top, reverse=True)[:3]
    crops = [image.crop((b.left, b.top, b.right, b.bottom)).convert("RGB") for b in tall]
    scores = {}
    for degrees in (90, 270):
        out = [engine(threads)(np.asarray(c.rotate(degrees, expand=True)), use_det=False,
                               use_rec=True) for c in crops]
        scores[degrees] = sum(float(o.scores[0]) if o.scores else 0.0 for o in out)
    return max(scores, key=scores.get)


def _quality(boxes: tuple[TextBox, ...]) -> float:
    scores = [s for b in boxes for s in b.char_confidence]
    return sum(scores) / len(scores) if scores else 0.0


def _upright_lines(boxes: tuple[TextBox, ...]) -> bool:
    tall = sum(1 for b in boxes if (b.bottom - b.top) > 1.5 * (b.right - b.left))
    return len(boxes) >= 3 and tall > len(boxes) / 2


def read_page(image, threads: int = 1) -> PageReading:
    """The text boxes of one page image (PIL), turned upright first when it was scanned turned."""
    boxes = _boxes(image, threads)
    if _upright_lines(boxes):
        first = _sideways_turn(image, boxes, threads)
        turns = (first, 360 - first, 180)
    elif _quality(boxes) < POOR_TEXT:
        turns = (180, 90, 270)
    else:
        return PageReading(boxes, 0)
    best = PageReading(boxes, 0)
    for degrees in turns:
        turned = _boxes(image.rotate(degrees, expand=True, fillcolor=255), threads)
        if _quality(turned) * len(turned) > _quality(best.boxes) * len(best.boxes):
            best = PageReading(turned, degrees)
        if _quality(best.boxes) >= POOR_TEXT and not _upright_lines(best.boxes):
            break
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

"""Is there a red seal (公章) on a page? A colour-and-shape check on the rendered page.

The seeds require stamped paper: the registration form "加盖单位公章" (``002 四``), printed
again with the registration number "并加盖第一完成单位鲜章", the bound acceptance set "加盖鲜章"
(``003`` 方式二 4.(1)). The check:

1. red pixels: in HSV, hue within ±:data:`HUE_TOLERANCE` of red, saturation and value above
   :data:`MIN_SATURATION`/:data:`MIN_VALUE` (seal ink, not pink highlights or dark-red text);
2. the red pixels are pooled in 1 mm cells and joined into connected blobs (cells at most
   :data:`JOIN_MM` apart belong to one blob, so a ring, its text and its star are one blob);
3. a blob is a seal when its box is :data:`MIN_MM`–:data:`MAX_MM` wide and high, roughly round
   or oval (aspect ratio up to :data:`MAX_ASPECT`), and neither solid nor sparse (red cells fill
   :data:`MIN_FILL`–:data:`MAX_FILL` of the box: a ring with text, not a red block or a line).

Limits (said in the report): it cannot tell a real seal from a printed red circle or a
colour copy, cannot read the seal's text or check the unit's name, misses seals on black-and-
white scans and faint or partial stamps, and a large red logo of seal size counts as a seal.
"""
from __future__ import annotations

HUE_TOLERANCE = 14         # of 255 (≈ 20°)
MIN_SATURATION = 80
MIN_VALUE = 80
CELL_MM = 1.0
RED_CELL_SHARE = 0.08      # a cell is red when this share of its pixels is red
JOIN_MM = 3
MIN_MM, MAX_MM = 20.0, 70.0   # official seals are 38–45 mm round, 40×30 mm oval
MAX_ASPECT = 1.7
MIN_FILL, MAX_FILL = 0.08, 0.85

LIMITS_ZH = ("按红色和形状判断：无法区分真实印章与打印的红色圆圈或彩色复印件，不识别印章文字，"
             "黑白扫描件、印迹过浅或不完整时可能漏检。")


def red_mask(image):
    """1-bit-like L image: 255 where the pixel is seal red."""
    from PIL import ImageChops

    h, s, v = image.convert("RGB").convert("HSV").split()
    hue = h.point(lambda x: 255 if x <= HUE_TOLERANCE or x >= 255 - HUE_TOLERANCE else 0)
    sat = s.point(lambda x: 255 if x >= MIN_SATURATION else 0)
    val = v.point(lambda x: 255 if x >= MIN_VALUE else 0)
    return ImageChops.multiply(ImageChops.multiply(hue, sat), val)


def find_seals(image, px_per_mm: float) -> list[dict]:
    """Seal-like red blobs on a rendered page: ``[{x_mm, y_mm, width_mm, height_mm, fill}]``."""
    from PIL import Image

    mask = red_mask(image)
    cols = max(1, round(image.width / (px_per_mm * CELL_MM)))
    rows = max(1, round(image.height / (px_per_mm * CELL_MM)))
    cells = mask.resize((cols, rows), Image.BOX)   # mean redness per cell
    threshold = 255 * RED_CELL_SHARE
    data = cells.tobytes()  # one byte per cell (mode L)
    red = {(i % cols, i // cols) for i, value in enumerate(data) if value >= threshold}
    seals = []
    for blob in _blobs(red, JOIN_MM):
        xs = [x for x, _ in blob]
        ys = [y for _, y in blob]
        w = (max(xs) - min(xs) + 1) * CELL_MM
        h = (max(ys) - min(ys) + 1) * CELL_MM
        if not (MIN_MM <= w <= MAX_MM and MIN_MM <= h <= MAX_MM):
            continue
        if max(w, h) / min(w, h) > MAX_ASPECT:
            continue
        fill = len(blob) / ((w / CELL_MM) * (h / CELL_MM))
        if MIN_FILL <= fill <= MAX_FILL:
            seals.append({"x_mm": min(xs) * CELL_MM, "y_mm": min(ys) * CELL_MM,
                          "width_mm": w, "height_mm": h, "fill": round(fill, 2)})
    return seals


def _blobs(cells: set, reach: int):
    """Connected groups of cells, neighbours up to ``reach`` cells apart."""
    todo = set(cells)
    offsets = [(dx, dy) for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
               if dx or dy]
    while todo:
        start = todo.pop()
        blob, stack = [start], [start]
        while stack:
            x, y = stack.pop()
            for dx, dy in offsets:
                n = (x + dx, y + dy)
                if n in todo:
                    todo.remove(n)
                    blob.append(n)
                    stack.append(n)
        yield blob

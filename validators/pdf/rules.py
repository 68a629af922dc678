"""What the PDF check shares about its codes (the codes themselves are in ``codes.toml``)."""
from __future__ import annotations

OCR_NOTE = "（由 OCR 识别，可能有误，请人工核对）"

# one code per UnreadablePdf reason; the message is the reason's own Chinese wording
UNREADABLE_CODES = {
    "encrypted": ("PDF102",), "damaged": ("PDF103",), "not-pdf": ("PDF104",),
    "too-large": ("PDF105",), "too-many-pages": ("PDF106",), "timeout": ("PDF107",),
    "empty": ("PDF108",),
}

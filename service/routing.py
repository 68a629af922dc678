"""What the HTTP API and the web pages both put on the wire: the row-id path parameter and the
download header."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# identifiers fit a 32-bit integer column on every backend
MAX_ID = 2_147_483_647
RowId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="编号")]


def _date_text(value):
    """A date in a request body is text written YYYY-MM-DD: pydantic alone would also take the
    number 0 (1970-01-01) or 1735689600 (a Unix time) as a date."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise PydanticCustomError("date_type", "a date is written as text YYYY-MM-DD")


#: a day in a request body: text YYYY-MM-DD only
IsoDate = Annotated[date, BeforeValidator(_date_text)]


def content_disposition(file_name: str) -> str:
    """RFC 6266: an ASCII fallback plus the real (Chinese) name as ``filename*``.

    >>> print(content_disposition("科技成果登记表-AR-1.pdf"))
    attachment; filename="AR-1.pdf"; filename*=UTF-8''%E7%A7%91%E6%8A%80%E6%88%90%E6%9E%9C%E7%99%BB%E8%AE%B0%E8%A1%A8-AR-1.pdf
    """
    stem, dot, ext = file_name.rpartition(".")
    if not dot:
        stem, ext = file_name, ""
    fallback = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-") or "download"
    fallback += "." + re.sub(r"[^A-Za-z0-9]+", "", ext) if ext else ""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"


def attachment_response(data: bytes, file_name: str) -> Response:
    """A stored attachment as a download: never shown inline, never sniffed into another type."""
    media = "application/pdf" if file_name.lower().endswith(".pdf") else "application/octet-stream"
    return Response(data, media_type=media, headers={
        "Content-Disposition": content_disposition(file_name), "X-Content-Type-Options": "nosniff"})

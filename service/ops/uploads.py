"""Uploaded files: read within the upload limit, and PDFs checked as the service allows."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from fastapi import UploadFile

from service.problems import Problem
from validators.pdf.check import check_pdf
from validators.pdf.limits import Limits


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"文件“{upload.filename}”超过上限 {limit / 1048576:g} MB", slug="upload-too-large")
    return data


def check_uploaded_pdf(data: bytes, name: str, record: dict | None, timeout: float) -> dict:
    """The report of :func:`validators.pdf.check.check_pdf` on the bytes of the upload ``name``."""
    with tempfile.TemporaryDirectory(prefix="paperwork-pdf-") as tmp:
        path = Path(tmp) / "upload.pdf"
        path.write_bytes(data)
        # the worker processes stop at the service's limit, so the report says which step ran out
        result = check_pdf(path, record, limits=Limits.from_env(timeout_s=timeout))
    # the worker saw a temporary name; report the uploaded one
    return {**result.to_dict(), "file": name, "file_name": name,
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

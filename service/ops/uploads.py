"""Uploaded files: read within the upload limit, and PDFs checked as the service allows."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import UploadFile

from service.problems import Problem
from service.store.submissions import Upload
from validators.pdf.check import check_pdf
from validators.pdf.limits import Limits


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"文件“{upload.filename}”超过上限 {limit / 1048576:g} MB", slug="upload-too-large")
    return data


def check_uploaded_pdf(data: bytes, name: str, record: dict | None, timeout: float,
                       on_pages=None) -> dict:
    """The report of :func:`validators.pdf.check.check_pdf` on the bytes of the upload ``name``;
    ``on_pages(done, total)`` follows its pages as they are read."""
    with tempfile.TemporaryDirectory(prefix="paperwork-pdf-") as tmp:
        path = Path(tmp) / "upload.pdf"
        path.write_bytes(data)
        # the worker processes stop at the service's limit, so the report says which step ran out
        result = check_pdf(path, record, limits=Limits.from_env(timeout_s=timeout), on_pages=on_pages)
    # the worker saw a temporary name; report the uploaded one
    return {**result.to_dict(), "file": name, "file_name": name,
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


# --- a file uploaded at the 预检, kept for 保存为提交 ----------------------------------------
#
# A browser cannot send a file again, so the page carries a reference to the stored bytes. It
# is signed for the key that uploaded them: a forged or another key's reference would attach
# a file its sender never had (and let it be downloaded), so neither is accepted.

def reference_secret(installation_key: Ed25519PrivateKey) -> bytes:
    """The HMAC key of upload references, derived from this installation's signing key (the
    same on every worker and across restarts, never shown)."""
    return hashlib.sha256(b"paperwork web upload reference\0" + installation_key.private_bytes_raw()).digest()


def _mac(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode("ascii"), hashlib.sha256).hexdigest()


def upload_reference(secret: bytes, key_id: int, upload: Upload) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(
        [key_id, upload.sha256, upload.size, upload.file_name], ensure_ascii=False).encode("utf-8")).decode("ascii")
    return f"{payload}.{_mac(secret, payload)}"


def referenced_uploads(secret: bytes, key_id: int, references, declared: dict) -> list[Upload]:
    """The uploads ``references`` name, each checked; a bad one is a 422 asking to upload again."""
    out = []
    for ref in references:
        payload, _, mac = str(ref).partition(".")
        try:
            owner, sha, size, name = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
        except (ValueError, TypeError):
            owner = None
        if owner != key_id or not hmac.compare_digest(mac, _mac(secret, payload)):
            raise Problem(422, "预检时上传的附件无法确认（页面已过期或不是本人上传的）：请在本页重新上传附件后再保存",
                          slug="upload-reference")
        out.append(Upload(name, sha, size, declared.get(name)))
    return out

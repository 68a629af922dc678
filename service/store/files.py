"""Attachment bytes on disk, content-addressed by SHA-256.

``files/ab/abcdef…`` holds the bytes whose sum is ``abcdef…``: the same file uploaded twice is
stored once, and a read checks the sum again so a damaged file is reported, not served.
A file is written to a temporary name, flushed to disk, then renamed into place: a killed
process leaves either the whole file or nothing.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class CorruptFile(IOError):
    def __init__(self, sha256: str, actual: str | None):
        self.sha256, self.actual = sha256, actual
        super().__init__(f"附件 {sha256[:12]}… 已损坏或丢失（重新计算的 SHA-256 为 {actual or '无'}）")


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha)
        if target.exists() and self._sum(target) == sha:
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        target = self.path_for(sha256)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise CorruptFile(sha256, None) from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise CorruptFile(sha256, actual)
        return data

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    @staticmethod
    def _sum(path: Path) -> str:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

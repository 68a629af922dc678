"""Reading an archive package someone sent: bounded, and in a child process.

A ZIP of under 1 MB can unpack to gigabytes (issue #12: one took the server from 136 MB to
1.9 GB and blocked ``/healthz`` for 7 s). So the archive is opened in
:func:`validators.child_process.run_limited` with the PDF worker's memory and time limits, and
refused before anything is unpacked when it declares too many entries, too large an entry or
total, or a compression ratio no document reaches; while unpacking, the bytes actually read are
counted again, since a ZIP's headers can lie. The form PDFs' QR codes are read in the same
child (pdfium on hostile bytes needs the same limits).
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import pypdfium2 as pdfium

from validators.child_process import ChildFailed, run_limited
from validators.pdf.limits import Limits
from validators.pdf.page_images import inspect_pages

MB = 1024 * 1024
RATIO_FROM_BYTES = MB      # smaller entries (the JSON files) may compress as well as they like
FORM_QR_PAGES = 5          # the forms print their QR code on every page; the first few suffice
CHUNK = MB

# what a nested archive starts with; Office and OFD documents are ZIPs but not archives to us
ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
                 b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd")
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".zst")
ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".ofd")


@dataclass(frozen=True)
class ZipBounds:
    max_entries: int
    max_entry_bytes: int
    max_total_bytes: int
    max_ratio: int
    memory_bytes: int
    timeout_s: float

    @classmethod
    def from_settings(cls, settings) -> ZipBounds:
        worker = Limits.from_env()
        return cls(settings.package_max_entries, settings.package_max_entry_bytes,
                   settings.package_max_total_bytes, settings.package_max_ratio,
                   worker.memory_bytes, worker.timeout_s)


class PackageRefused(Exception):
    """The archive breaks a bound; ``status`` and ``slug`` make the problem answer."""

    def __init__(self, status: int, slug: str, detail: str):
        super().__init__(status, slug, detail)
        self.status, self.slug, self.detail = status, slug, detail


class NotAPackage(Exception):
    """Not a ZIP, or a ZIP we cannot open."""


@dataclass
class Unpacked:
    sums: dict[str, tuple[str, int]]          # every file: name → (SHA-256, size)
    contents: dict[str, bytes]                # the files asked for
    form_codes: dict[str, list[dict] | None]  # forms/*.pdf → [{page, text}]; None: unreadable PDF


def unpack(data: bytes, bounds: ZipBounds, keep: tuple[str, ...]) -> Unpacked:
    """The package's files (those whose name starts with one of ``keep`` with their bytes).

    Raises :class:`PackageRefused` (a bound, named in Chinese) or :class:`NotAPackage`."""
    try:
        return run_limited(_unpack, data, bounds, keep, memory_bytes=bounds.memory_bytes,
                           timeout_s=bounds.timeout_s, expected=(PackageRefused, NotAPackage))
    except ChildFailed as failed:
        if failed.reason == "timeout":
            raise PackageRefused(422, "package-timeout",
                                 f"读取归档包超过时间上限 {bounds.timeout_s:g} 秒，已停止；"
                                 "请确认文件是本系统导出的归档包") from None
        if failed.reason == "memory":
            raise PackageRefused(413, "package-too-large",
                                 f"读取归档包所需内存超过上限 {bounds.memory_bytes // MB} MB，已拒绝；"
                                 "请确认文件是本系统导出的归档包") from None
        raise PackageRefused(422, "package-unreadable",
                             f"归档包无法读取（{failed.detail or failed.reason}），"
                             "请重新从原系统导出") from None


# --- in the child ----------------------------------------------------------------------------

def _unpack(data: bytes, bounds: ZipBounds, keep: tuple[str, ...]) -> Unpacked:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise NotAPackage() from None
    _check_declared(infos, bounds)
    out = Unpacked({}, {}, {})
    total = 0
    for info in infos:
        if info.filename in out.sums:
            raise PackageRefused(422, "package-duplicate-name",
                                 f"归档包中有两个同名文件“{info.filename[:100]}”，已拒绝")
        digest, content = hashlib.sha256(), []
        size = 0
        try:
            with z.open(info) as f:
                while chunk := f.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    _check_read(info.filename, size, total, bounds)
                    if size == len(chunk):
                        _check_not_archive(info.filename, chunk)
                    digest.update(chunk)
                    if info.filename.startswith(keep):
                        content.append(chunk)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise PackageRefused(422, "package-damaged",
                                 f"归档包中的“{info.filename[:100]}”已损坏或加密，无法读取；"
                                 "请重新从原系统导出") from None
        out.sums[info.filename] = (digest.hexdigest(), size)
        if info.filename.startswith(keep):
            out.contents[info.filename] = b"".join(content)
    for name, content in out.contents.items():
        if name.startswith("forms/") and name.lower().endswith(".pdf"):
            out.form_codes[name] = _qr_codes(content, bounds.timeout_s / 2)
    return out


def _check_declared(infos: list[zipfile.ZipInfo], bounds: ZipBounds) -> None:
    if len(infos) > bounds.max_entries:
        raise PackageRefused(413, "package-too-many-entries",
                             f"归档包含 {len(infos)} 个文件，超过上限 {bounds.max_entries} 个"
                             "（PAPERWORK_PACKAGE_MAX_ENTRIES），已拒绝")
    for info in infos:
        _check_read(info.filename, info.file_size, 0, bounds)
        if info.file_size > RATIO_FROM_BYTES and info.file_size > bounds.max_ratio * max(info.compress_size, 1):
            raise PackageRefused(413, "package-compression-ratio",
                                 f"归档包中的“{info.filename[:100]}”压缩比为 "
                                 f"{info.file_size // max(info.compress_size, 1)}:1，超过上限 "
                                 f"{bounds.max_ratio}:1（PAPERWORK_PACKAGE_MAX_RATIO），疑为压缩炸弹，已拒绝")
        _check_not_archive(info.filename, b"")
    _check_read("", 0, sum(i.file_size for i in infos), bounds)


def _check_read(name: str, size: int, total: int, bounds: ZipBounds) -> None:
    if size > bounds.max_entry_bytes:
        raise PackageRefused(413, "package-entry-too-large",
                             f"归档包中的“{name[:100]}”解压后超过单个文件上限 "
                             f"{bounds.max_entry_bytes / MB:g} MB（PAPERWORK_PACKAGE_MAX_ENTRY_BYTES），已拒绝")
    if total > bounds.max_total_bytes:
        raise PackageRefused(413, "package-too-large",
                             f"归档包解压后超过总量上限 {bounds.max_total_bytes / MB:g} MB"
                             "（PAPERWORK_PACKAGE_MAX_TOTAL_BYTES），已拒绝")


def _check_not_archive(name: str, head: bytes) -> None:
    lower = name.lower()
    if lower.endswith(ZIP_DOCUMENTS):
        return
    if lower.endswith(ARCHIVE_SUFFIXES) or head.startswith(ARCHIVE_MAGIC):
        raise PackageRefused(422, "package-nested-archive",
                             f"归档包中的“{name[:100]}”本身是压缩包；归档包内不得嵌套压缩包，已拒绝")


def _qr_codes(pdf: bytes, budget_s: float) -> list[dict] | None:
    try:
        doc = pdfium.PdfDocument(pdf)
        pages = min(len(doc), FORM_QR_PAGES)
        doc.close()
        looked = inspect_pages(pdf, {n: ("qr",) for n in range(1, pages + 1)}, budget_s)
    except pdfium.PdfiumError:
        return None
    return [{"page": n, "text": text} for n, out in sorted(looked.items()) for text in out.get("qr", [])]

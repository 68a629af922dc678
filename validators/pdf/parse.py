"""Reading an uploaded PDF into pages of text: ``open_pdf(path_or_bytes, *, limits) -> ParsedPdf``.

Text comes from pypdfium2 (fastest of the three libraries: 13 ms against pypdf 36 ms and
pdfplumber 104 ms on the same page, issue #5); pypdf gives the structure (encryption, outline,
embedded files) and is the fallback reader when pdfium refuses a file that pypdf can repair
(missing header, an unusual filter). Everything runs in a worker process (``worker.run``) under
the limits of :class:`~validators.pdf.limits.Limits`.

Each page is a :class:`Page` with ``page_number`` (1-based), ``text`` and ``has_text_layer``; a
page without a text layer is a scanned page to be reported (``PDF101``) or read by OCR, never
an empty page. ``fold``/``squash`` are the normalisation used for every match: full-width to
half-width (NFKC), whitespace collapsed or removed.

>>> fold('ISBN　９７８－７－５２０１－６４７４－０')
'ISBN 978-7-5201-6474-0'
>>> squash('著  者 / 张 三')
'著者/张三'
"""
from __future__ import annotations

import hashlib
import io
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from validators.pdf import worker
from validators.pdf.limits import DEFAULT_LIMITS, Limits, UnreadablePdf

__all__ = ["Page", "ParsedPdf", "UnreadablePdf", "open_pdf", "read_upload", "fold", "squash"]

# Dashes that PDFs print between ISBN groups and in the CIP line, folded to ASCII "-".
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－"})
_SPACE = re.compile(r"[ \t\u3000\xa0]+")


def fold(text: str) -> str:
    """Full-width to half-width (NFKC), dashes to ``-``, runs of spaces to one; lines kept."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    lines = (_SPACE.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def squash(text: str) -> str:
    """:func:`fold` without any whitespace: for matching phrases printed with spaced letters
    (``著    者``) and names printed with a space inside (``张 三``)."""
    return re.sub(r"\s+", "", fold(text))


@dataclass
class Page:
    page_number: int            # 1-based, as printed by a PDF viewer
    text: str                   # folded text (see ``fold``); OCR text when ``text_source`` is "ocr"
    has_text_layer: bool        # False: scanned (an image only) or blank
    has_images: bool = False    # only looked at for pages without a text layer
    width_pt: float = 0.0
    height_pt: float = 0.0
    text_source: str = "pdfium"  # "pdfium" | "pypdf" (fallback reader) | "ocr" | "none"
    error: str | None = None     # this page could not be loaded (the rest of the file could)

    @property
    def scanned(self) -> bool:
        return not self.has_text_layer and self.error is None


@dataclass
class ParsedPdf:
    pages: list[Page]
    sha256: str = ""
    size: int = 0
    encrypted: bool = False      # has an /Encrypt dictionary (opened with the empty password)
    reader: str = "pdfium"       # "pdfium" or "pypdf" when pdfium refused the file
    damaged: bool = False        # read in part only: pages that failed, fallback reader
    outline: list[str] = field(default_factory=list)
    embedded_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # Chinese, shown in the report
    # the upload as read by ``open_pdf``: later stages render its pages in the worker
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def scanned_pages(self) -> list[int]:
        return [p.page_number for p in self.pages if p.scanned]


# --- reading the upload (in the caller) --------------------------------------------------

_OTHER_FORMATS = (  # magic bytes of what people upload by mistake
    (b"\x89PNG", "PNG 图片", "a PNG image"), (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文档", "an old Office document"),
    (b"GIF8", "GIF 图片", "a GIF image"), (b"II*\x00", "TIFF 图片", "a TIFF image"),
    (b"MM\x00*", "TIFF 图片", "a TIFF image"), (b"Rar!", "RAR 压缩包", "a RAR archive"),
)


def read_upload(source: str | Path | bytes, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of an upload after the checks that need no parser: size, empty, magic bytes."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        if len(data) > limits.max_bytes:
            raise _too_large(len(data), limits)
    else:
        p = Path(source)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise UnreadablePdf("not-pdf", f"找不到文件 {p}", f"no such file {p}") from None
        if p.is_dir():
            raise UnreadablePdf("not-pdf", f"{p} 是目录", f"{p} is a directory")
        if size > limits.max_bytes:
            raise _too_large(size, limits)
        data = p.read_bytes()
    if not data:
        raise UnreadablePdf("empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return data
    for magic, zh, en in _OTHER_FORMATS:
        if data.startswith(magic):
            raise UnreadablePdf("not-pdf", f"看起来是{zh}", f"looks like {en}")
    if head.lstrip()[:1] == b"<" and b"obj" not in head:
        raise UnreadablePdf("not-pdf", "看起来是网页（HTML/XML）", "looks like HTML/XML")
    # No header, but PDF objects inside: a damaged PDF that a reader may still repair.
    if re.search(rb"\d+\s+\d+\s+obj", data[:65536]):
        return data
    raise UnreadablePdf("not-pdf", "文件开头没有 %PDF 标识", "no %PDF header")


def _too_large(size: int, limits: Limits) -> UnreadablePdf:
    return UnreadablePdf(
        "too-large", f"{size / 1048576:.1f} MB，上限 {limits.max_bytes / 1048576:g} MB",
        f"{size} bytes, limit {limits.max_bytes}")


def open_pdf(source: str | Path | bytes, *, limits: Limits = DEFAULT_LIMITS,
             password: str = "") -> ParsedPdf:
    """Read every page's text in a worker process; raises :class:`UnreadablePdf`.

    The one way into an upload: size, page, time and memory limits are applied here (and in
    the worker it uses), for ``check_pdf`` as for every other caller.
    """
    data = read_upload(source, limits)
    parsed = worker.run(extract, data, limits.max_pages, limits.timeout_s, password,
                        limits=limits)
    parsed.sha256 = hashlib.sha256(data).hexdigest()
    parsed.size = len(data)
    parsed.data = data
    return parsed


# --- in the worker -----------------------------------------------------------------------

# pdfium's load errors (FPDF_GetLastError); its messages are not to be trusted ("Success" on
# a failed load, corpus README), so only the code is looked at.
_PDFIUM_PASSWORD, _PDFIUM_SECURITY = 4, 5


def extract(data: bytes, max_pages: int, timeout_s: float, password: str = "") -> ParsedPdf:
    """Pages and structure of ``data``. Runs in the worker."""
    import pypdfium2 as pdfium

    started = time.monotonic()
    try:
        doc = _open_pdfium(data, password)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) in (_PDFIUM_PASSWORD, _PDFIUM_SECURITY):
            raise UnreadablePdf("encrypted") from None
        # pdfium refuses files that pypdf can repair (no header, Brotli streams): try it.
        return _extract_with_pypdf(data, max_pages, started + timeout_s * 0.5, password)
    try:
        count = len(doc)
        if count > max_pages:
            raise UnreadablePdf("too-many-pages", f"{count} 页，上限 {max_pages} 页",
                                f"{count} pages, limit {max_pages}")
        parsed = ParsedPdf(pages=[_pdfium_page(doc, i) for i in range(count)])
        import pypdfium2.raw as raw
        parsed.encrypted = raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
    finally:
        doc.close()
    failed = [p.page_number for p in parsed.pages if p.error]
    if count and len(failed) == count:
        raise UnreadablePdf("damaged", "所有页面都无法加载", "no page could be loaded")
    if failed:
        parsed.damaged = True
        parsed.notes.append(f"第 {_pages(failed)} 页无法加载（文件部分损坏）")
    _add_structure(parsed, data, password)
    return parsed


def _open_pdfium(data: bytes, password: str):
    """pdfium accepts an AES-256 password only in its SASLprep form (corpus README: U+00AA
    must become ``a`` and a soft hyphen be dropped), so a given password is tried both ways."""
    import pypdfium2 as pdfium

    tries = [password] if password else [None]
    prepped = unicodedata.normalize("NFKC", password).replace("\xad", "") if password else None
    if prepped and prepped != password:
        tries.append(prepped)
    for i, attempt in enumerate(tries):
        try:
            return pdfium.PdfDocument(data, password=attempt)
        except pdfium.PdfiumError as e:
            if i == len(tries) - 1 or getattr(e, "err_code", None) != _PDFIUM_PASSWORD:
                raise


def _pdfium_page(doc, index: int) -> Page:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return Page(index + 1, "", False, text_source="none", error="page-not-loadable")
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = fold(textpage.get_text_range())
        textpage.close()
        has_text = bool(text.strip())
        has_images = False
        if not has_text:  # only scanned candidates pay for walking the page objects
            has_images = any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,),
                                                            max_depth=3))
        return Page(index + 1, text, has_text, has_images, width, height,
                    "pdfium" if has_text else "none")
    finally:
        page.close()


def _extract_with_pypdf(data: bytes, max_pages: int, soft_deadline: float,
                        password: str) -> ParsedPdf:
    """pdfium refused the file: let pypdf try to repair it. Pages read after the soft
    deadline are left unread (and said so) rather than letting the worker time out."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as e:  # noqa: BLE001 - pypdf raises bare ValueError/TypeError on bad files
        if re.search(rb"/Encrypt(?![A-Za-z])", data[-4096:]) or re.search(rb"/Encrypt(?![A-Za-z])", data[:4096]):
            # e.g. a 48-bit RC4 key: encryption the readers cannot handle (corpus README)
            raise UnreadablePdf("encrypted") from None
        raise UnreadablePdf("damaged", "文件结构无法解析", f"{type(e).__name__}") from None
    encrypted = bool(reader.is_encrypted)
    if encrypted:
        try:
            if not reader.decrypt(password):
                raise UnreadablePdf("encrypted")
        except UnreadablePdf:
            raise
        except Exception:  # noqa: BLE001 - e.g. a 48-bit RC4 key: unsupported encryption
            raise UnreadablePdf("encrypted") from None
    try:
        count = len(reader.pages)
    except Exception as e:  # noqa: BLE001 - a broken page tree (cycles, bad references)
        raise UnreadablePdf("damaged", "页面树无法读取", f"page tree: {type(e).__name__}") from None
    if count > max_pages:
        raise UnreadablePdf("too-many-pages", f"{count} 页，上限 {max_pages} 页",
                            f"{count} pages, limit {max_pages}")
    parsed = ParsedPdf(pages=[], encrypted=encrypted, reader="pypdf", damaged=True)
    parsed.notes.append("文件结构有误，已由备用解析器修复读取，请核对内容或重新导出 PDF")
    unread = []
    for i in range(count):
        if time.monotonic() > soft_deadline:
            unread.append(i + 1)
            parsed.pages.append(Page(i + 1, "", False, text_source="none", error="not-read-in-time"))
            continue
        try:
            page = reader.pages[i]
            text = fold(page.extract_text() or "")
            box = page.mediabox
            parsed.pages.append(Page(i + 1, text, bool(text.strip()), False,
                                     float(box.width), float(box.height),
                                     "pypdf" if text.strip() else "none"))
        except Exception:  # noqa: BLE001
            parsed.pages.append(Page(i + 1, "", False, text_source="none", error="page-not-loadable"))
    if unread:
        parsed.notes.append(f"解析时间不足，第 {_pages(unread)} 页未读取")
    if count and all(p.error for p in parsed.pages):
        raise UnreadablePdf("damaged", "所有页面都无法读取", "no page could be read")
    return parsed


def _add_structure(parsed: ParsedPdf, data: bytes, password: str) -> None:
    """Outline titles and embedded file names from pypdf; a file pdfium read but pypdf cannot
    parse is still readable, so failures here only add a note."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            parsed.encrypted = True
            reader.decrypt(password)
        parsed.outline = [str(item.title) for item in _flat(reader.outline)][:200]
        parsed.embedded_files = sorted(reader.attachments)[:200]
    except Exception:  # noqa: BLE001 - structure is optional
        pass


def _quiet_pypdf() -> None:
    """pypdf logs every repair it makes ("EOF marker not found"); the report's notes say it
    once, in Chinese, instead."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)


def _flat(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        elif hasattr(item, "title"):
            yield item


def _pages(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``1–3、7``."""
    runs, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev))
            start = prev = n
    if start is not None:
        runs.append((start, prev))
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)

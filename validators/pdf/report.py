"""The report on uploaded PDFs: :class:`PdfReport` for one file, :class:`PdfSetReport` for the
files of one record.

Reports are data, like :class:`~validators.pdf.parse.ParsedPdf`. ``to_dict()`` is the JSON the
CLI (``--format json``), the HTTP API and the web pages show; ``docs/pdf.md`` § Report lists
every key. A file that cannot be read is a report with ``error`` and the one finding that names
the reason (:func:`unreadable_finding`), never an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from validators import catalogue
from validators.findings import Finding
from validators.pdf.limits import UnreadablePdf


@dataclass(frozen=True)
class PdfReport:
    """What one uploaded PDF holds and how it agrees with a record, page by page."""

    file: str
    sha256: str | None
    findings: tuple[Finding, ...]          # sorted (``sort_findings``)
    size: int | None = None
    pages: int | None = None               # None when unreadable
    encrypted: bool = False
    reader: str = "pdfium"
    damaged: bool = False
    scanned_pages: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_unread_pages: list[int] = field(default_factory=list)   # scanned, not read in time
    documents: list[dict] = field(default_factory=list)
    cip: dict = field(default_factory=dict)
    qr: dict = field(default_factory=dict)
    seal: dict = field(default_factory=dict)
    outline: list[str] = field(default_factory=list)
    embedded_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)
    materials: dict | None = None          # with a record, when judged for this file alone
    bound_set: dict | None = None          # Sichuan records or ``bound_set=True``
    error: UnreadablePdf | None = None     # the file could not be read at all

    @classmethod
    def unreadable(cls, file: str, sha256: str | None, error: UnreadablePdf) -> PdfReport:
        return cls(file, sha256, (unreadable_finding(error),),
                   encrypted=error.reason == "encrypted", error=error)

    def to_dict(self) -> dict:
        findings = [f.to_dict() for f in self.findings]
        if self.error is not None:
            # an unreadable file has only the keys that mean something without pages
            return {"file": self.file, "sha256": self.sha256, "pages": None,
                    "encrypted": self.encrypted, "error": self.error.to_dict(),
                    "scanned_pages": [], "documents": [], "cip": {}, "qr": {}, "seal": {},
                    "findings": findings}
        d = {"file": self.file, "sha256": self.sha256, "size": self.size, "pages": self.pages,
             "encrypted": self.encrypted, "reader": self.reader, "damaged": self.damaged,
             "scanned_pages": self.scanned_pages, "ocr_pages": self.ocr_pages,
             "ocr_unread_pages": self.ocr_unread_pages,
             "documents": self.documents, "cip": self.cip, "qr": self.qr, "seal": self.seal,
             "outline": self.outline, "embedded_files": self.embedded_files,
             "notes": self.notes, "interpretations": self.interpretations}
        if self.materials is not None:
            d["materials"] = self.materials
        if self.bound_set is not None:
            d["bound_set"] = self.bound_set
        d["findings"] = findings
        return d


@dataclass(frozen=True)
class PdfSetReport:
    """Several files for one record: one report per file, and the materials judged across all
    of them (a submitter uploads each material as its own PDF)."""

    files: tuple[PdfReport, ...]
    materials: dict | None = None         # only with a record
    findings: tuple[Finding, ...] = ()    # the materials' findings

    def to_dict(self) -> dict:
        d: dict = {"files": [r.to_dict() for r in self.files]}
        if self.materials is not None:
            d["materials"] = self.materials
            d["findings"] = [f.to_dict() for f in self.findings]
        return d


def unreadable_finding(error: UnreadablePdf) -> Finding:
    """The finding of a file that could not be read: one code per reason, the reason's own
    wording as the message."""
    wording = {"message": error.message_zh, "message_en": error.message_en}
    match error.reason:
        case "encrypted":
            return catalogue.finding("PDF102", **wording)
        case "damaged":
            return catalogue.finding("PDF103", **wording)
        case "not-pdf":
            return catalogue.finding("PDF104", **wording)
        case "too-large":
            return catalogue.finding("PDF105", **wording)
        case "too-many-pages":
            return catalogue.finding("PDF106", **wording)
        case "timeout":
            return catalogue.finding("PDF107", **wording)
        case "empty":
            return catalogue.finding("PDF108", **wording)
    raise ValueError(f"no finding for the unreadable reason {error.reason!r}")

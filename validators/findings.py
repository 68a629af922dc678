"""Findings: what a check found, where, why, and how to fix it.

A finding is plain data. Validators return findings and never print; the CLI, the HTTP API and
the web pages each present the same list. The fields answer jsonschema's three questions:
what happened (`code`, `message`), why (`source`, the clause of the official document in words; `clause`, the same compactly) and
where (`path`, a JSON Pointer into the record; `page` and `evidence` for PDFs).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"      # blocks registration / submission
    WARNING = "warning"  # probably wrong; a person should look
    INFO = "info"        # a fact the submitter should know (copies, deadlines, approval route)

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    code: str          # stable rule code, e.g. "NP201"
    name: str          # kebab-case name of what is flagged, e.g. "copies-below-required"
    severity: Severity
    path: str          # JSON Pointer into the record ("" is the whole record)
    message: str       # Chinese, with the values found
    message_en: str
    source: str        # the clause in words, e.g. "《成果出版物登记报送通知（全国社科工作办，2020）》二（一）"
    hint: str          # Chinese, how to fix it
    page: int | None = None       # 1-based PDF page, for attachment findings
    evidence: str | None = None   # short excerpt the finding rests on
    clause: str = ""   # the same clause for machines, as the code table cites it: "000 二（一）"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        if self.page is None:
            del d["page"]
        if self.evidence is None:
            del d["evidence"]
        return d


def sort_key(f: Finding) -> tuple:
    """Deterministic order: by path, then code, then page and message (E7)."""
    return (f.path, f.code, f.page or 0, f.message)


def sort_findings(findings) -> list[Finding]:
    return sorted(set(findings), key=sort_key)


def has_errors(findings) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def headline(findings, key=None) -> Finding | None:
    """Pick one finding for a one-line summary.

    A heuristic, like jsonschema's ``best_match``: the most severe finding, then the shortest
    path, then the code. The full list is always what gets reported; ``key`` can replace the
    ranking.
    """
    findings = list(findings)
    if not findings:
        return None
    key = key or (lambda f: (SEVERITY_ORDER[f.severity], f.path.count("/"), f.path, f.code))
    return min(findings, key=key)

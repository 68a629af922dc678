"""validate(record) -> every finding at once, sorted by path then code (E7)."""
from __future__ import annotations

from dataclasses import dataclass

from validators import catalogue, schema
from validators.context import Context
from validators.findings import Finding, has_errors, sort_findings
from validators.loader import kind_of


@dataclass(frozen=True)
class Report:
    kind: str
    findings: list[Finding]

    @property
    def valid(self) -> bool:
        return not has_errors(self.findings)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "valid": self.valid,
                "findings": [f.to_dict() for f in self.findings]}


def validate(record: dict, context: Context | None = None) -> Report:
    """Check ``record`` against its schema and every rule of its kind.

    Rules run even when the schema finds problems, so a submitter sees everything at once. A
    rule that trips over a field the schema already rejected is skipped: the schema finding
    already points at that field.
    """
    context = context or Context()
    kind = kind_of(record)
    catalogue.load_all()
    findings = schema.check(kind, record)
    for r in catalogue.record_rules(kind):
        try:
            findings.extend(catalogue.violation_to_finding(r, v) for v in r.check(record, context))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            if not findings:
                raise
    return Report(kind, sort_findings(findings))

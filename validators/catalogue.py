"""The rule catalogue: every rule is data (code, severity, messages, clause, hint) plus one
small pure function.

A rule function takes ``(record, ctx)`` and yields :class:`Violation` values; it sets nothing
else. The catalogue stamps name, severity, clause, message and hint on each violation, the way
jsonschema fills in ``validator`` and ``schema`` on its errors. Codes are a kind prefix plus
three digits (``NP`` publication, ``AR`` achievement registration, ``CR`` change request,
``NC`` completion, ``BA`` budget adjustment, ``JA`` journal assessment, ``PDF`` attachments,
``S`` schema); the hundreds group themes: 1xx scope, 2xx materials, 3xx deadlines, 4xx
identifiers and consistency, 5xx record against PDF. Codes are never reused.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from validators.findings import Finding, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str            # record kind, or "attachment" / "schema" / "journal-scoring"
    severity: Severity
    message: str         # Chinese template, ``{placeholders}`` filled from the violation
    message_en: str
    source: str          # clause of the seed document
    hint: str
    why: str = ""        # 为什么: the clause's own words, shown by `paperwork rules`
    check: Callable | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "kind": self.kind,
            "severity": self.severity.value, "message": self.message,
            "message_en": self.message_en, "source": self.source, "hint": self.hint,
            "why": self.why,
        }


class Violation:
    """What a rule function yields: where, plus the values its message needs."""

    __slots__ = ("path", "page", "evidence", "values", "severity", "source")

    def __init__(self, path: str = "", *, page: int | None = None, evidence: str | None = None,
                 severity: Severity | None = None, source: str | None = None, **values):
        self.path = path
        self.page = page
        self.evidence = evidence
        self.severity = severity  # overrides the rule's default where a rule has two levels
        self.source = source      # the precise item where one rule covers several (002 四.1–3)
        self.values = values


RULES: dict[str, Rule] = {}


def rule(code: str, *, name: str, kind: str, severity: Severity, message: str,
         message_en: str, source: str, hint: str, why: str = ""):
    """Register a rule function under ``code``."""
    def register(fn: Callable[..., Iterable[Violation]]):
        add(Rule(code, name, kind, severity, message, message_en, source, hint, why, fn))
        return fn
    return register


def add(r: Rule) -> Rule:
    """Register a rule that has no record function (schema, PDF and scoring findings)."""
    if r.code in RULES and RULES[r.code] != r:
        raise ValueError(f"rule code {r.code} registered twice")
    RULES[r.code] = r
    return r


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _fill(template: str, values: dict) -> str:
    # str.format_map (C) rather than string.Formatter (Python): a 10,000-row summary fills
    # 30,000 findings, three texts each. Catalogue texts use plain {name} fields only.
    return template.format_map(_Blank({k: _show(v) for k, v in values.items()}))


def _show(v) -> str:
    if isinstance(v, (list, tuple, set)):
        return "、".join(str(x) for x in v) or "无"
    return "" if v is None else str(v)


def finding(code: str, path: str = "", *, page: int | None = None, evidence: str | None = None,
            severity: Severity | None = None, source: str | None = None, **values) -> Finding:
    """Build the finding for ``code`` from the catalogue."""
    r = RULES[code]
    return Finding(
        code=r.code, name=r.name, severity=severity or r.severity, path=path,
        message=_fill(r.message, values), message_en=_fill(r.message_en, values),
        source=source or r.source, hint=_fill(r.hint, values), page=page, evidence=evidence,
    )


def violation_to_finding(r: Rule, v: Violation) -> Finding:
    return finding(r.code, v.path, page=v.page, evidence=v.evidence, severity=v.severity,
                   source=v.source, **v.values)


def rules_for(kind: str | None = None) -> list[Rule]:
    load_all()
    return sorted((r for r in RULES.values() if kind is None or r.kind == kind),
                  key=lambda r: r.code)


_RECORD_RULES: dict[str, list[Rule]] = {}


def record_rules(kind: str) -> list[Rule]:
    if kind not in _RECORD_RULES:
        _RECORD_RULES[kind] = [r for r in rules_for(kind) if r.check is not None]
    return _RECORD_RULES[kind]


_LOADED = False


def load_all() -> None:
    """Import every module that registers rules (once)."""
    global _LOADED
    if _LOADED:
        return
    import importlib
    import pkgutil

    import validators.rules as pkg
    from validators import schema  # noqa: F401  (registers the S codes)

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
    for extra in ("validators.pdf.rules", "validators.scoring.rules", "generator.rules"):
        try:
            importlib.import_module(extra)
        except ModuleNotFoundError as e:
            if e.name is None or not extra.startswith(e.name):
                raise
    _LOADED = True


def run_rules(kind: str, record: dict, ctx) -> Iterator[Finding]:
    for r in record_rules(kind):
        for v in r.check(record, ctx):
            yield violation_to_finding(r, v)

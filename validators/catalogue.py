"""The rule catalogue: the code table (:mod:`validators.codes`) joined to the record rules'
functions, and the one way a finding is made from a code.

A rule is data plus one small pure function. The data is the code's entry in ``codes.toml``;
the function takes ``(record, checks)`` and yields :class:`Violation` values, setting nothing
else. :func:`finding` stamps name, severity, clause, message and hint on each violation, the way
jsonschema fills in ``validator`` and ``schema`` on its errors.

Record rules are found by convention, as python-stdnum's ``get_number_modules`` finds identifier
modules: every module of the package :mod:`validators.rules` is imported, and each function
decorated with ``@rule("AR203")`` is the check of that code. Codes without a function (schema,
PDF, scoring, render) are raised by name where they are found: ``finding("PDF103", …)``.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from validators.codes import CODES
from validators.documents import in_words
from validators.findings import Finding, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
RULE_PACKAGE = "validators.rules"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str            # record kind, or "attachment" / "schema" / "journal-scoring" / "render"
    severity: Severity
    message: str         # Chinese template, ``{placeholders}`` filled from the violation
    message_en: str
    source: str          # the clause in words: 《科技成果登记工作流程（四川，2025）》方式二 4.(1)
    hint: str
    why: str = ""        # 为什么: the clause's own words, shown by `paperwork rules`
    status: str = "stable"
    clause: str = ""     # the same clause as the code table cites it: "003 方式二 4.(1)"
    check: Callable | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "kind": self.kind,
            "severity": self.severity.value, "message": self.message,
            "message_en": self.message_en, "source": self.source, "clause": self.clause,
            "hint": self.hint, "why": self.why,
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
        self.source = source      # the precise clause where one rule covers several (002 四.1–3)
        self.values = values


RULES: dict[str, Rule] = {
    c.code: Rule(c.code, c.name, c.kind, Severity(c.severity), c.message, c.message_en,
                 in_words(c.source), c.hint, c.why, c.status, clause=c.source)
    for c in CODES.values()
}


def rule(code: str):
    """Make the decorated function the check of ``code``, a record rule of the code table."""
    def attach(fn: Callable[..., Iterable[Violation]]):
        if code not in RULES:
            raise KeyError(f"{fn.__module__}.{fn.__name__}: {code} is not in codes.toml")
        if RULES[code].check is not None:
            raise ValueError(f"{code} has two checks: {RULES[code].check.__name__} and {fn.__name__}")
        RULES[code] = replace(RULES[code], check=fn)
        return fn
    return attach


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
    """Build the finding for ``code`` from the code table; ``source`` is a clause reference as
    the table writes it (``002 四.1``), shown in words like the table's own."""
    r = RULES[code]
    clause = source or r.clause
    return Finding(
        code=r.code, name=r.name, severity=severity or r.severity, path=path,
        message=_fill(r.message, values), message_en=_fill(r.message_en, values),
        source=in_words(clause), hint=_fill(r.hint, values), page=page, evidence=evidence,
        clause=clause,
    )


def violation_to_finding(r: Rule, v: Violation) -> Finding:
    return finding(r.code, v.path, page=v.page, evidence=v.evidence, severity=v.severity,
                   source=v.source, **v.values)


def rules_for(kind: str | None = None) -> list[Rule]:
    """The rules in force (every status but ``removed``), of one kind or all, by code."""
    load_all()
    return sorted((r for r in RULES.values()
                   if r.status != "removed" and (kind is None or r.kind == kind)),
                  key=lambda r: r.code)


_RECORD_RULES: dict[str, list[Rule]] = {}


def record_rules(kind: str) -> list[Rule]:
    if kind not in _RECORD_RULES:
        _RECORD_RULES[kind] = [r for r in rules_for(kind) if r.check is not None]
    return _RECORD_RULES[kind]


_LOADED = False


def load_all() -> None:
    """Import every module of :mod:`validators.rules` (once), attaching each record rule's check."""
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module(RULE_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{RULE_PACKAGE}.{info.name}")
    _LOADED = True

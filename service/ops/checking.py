"""Reading records from request bodies and validating them with the store as context.

A handler of the HTTP API or the web pages only parses input, calls these and serialises the
result (E13).
"""
from __future__ import annotations

import logging
from datetime import date

from generator.continued import with_continuations
from generator.render import with_missing_glyphs
from service.problems import Problem
from service.store import submissions
from validators import rounds
from validators.context import Context
from validators.engine import validate
from validators.findings import Severity
from validators.loader import UnusableInput, decode, kind_of, loads, parse, refuse_lone_surrogates

log = logging.getLogger("paperwork.service")


def read_record(data: bytes, max_bytes: int) -> dict:
    try:
        record, _ = parse(data, max_bytes=max_bytes)
    except UnusableInput:
        raise
    except ValueError as e:   # e.g. an integer with more digits than Python reads
        raise UnusableInput(f"记录无法解析：{str(e)[:80]}", f"cannot parse: {e}", reason="json") from None
    return record


def read_records(data: bytes, max_bytes: int) -> tuple[list, bool]:
    """One record, a JSON list of records, or ``{"records": [...]}``. Returns (items, batch)."""
    try:
        return [read_record(data, max_bytes)], False
    except UnusableInput as e:
        if e.reason not in ("not-object", "no-kind"):
            raise
        text = decode(data)[0]
        value = loads(text)                # NaN and Infinity refused as for one record
        refuse_lone_surrogates(value, text)
        if isinstance(value, list):
            return value, True
        if isinstance(value, dict) and isinstance(value.get("records"), list):
            return value["records"], True
        raise


def parse_today(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(422, f"today 应为 YYYY-MM-DD 格式的日期，例如 2026-01-10；收到“{value[:40]}”",
                      slug="bad-parameters") from None


def parse_round(name: str | None):
    if not name:
        return None
    try:
        return rounds.load(name)
    except rounds.UnknownRound as e:
        raise Problem(422, str(e), slug="unknown-round") from None


def summary(findings) -> dict:
    n = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    return {"errors": n[Severity.ERROR], "warnings": n[Severity.WARNING], "infos": n[Severity.INFO],
            "text": f"{n[Severity.ERROR]} 个错误，{n[Severity.WARNING]} 个警告，{n[Severity.INFO]} 条提示"}


class Checker:
    """Validates records with ``others`` drawn from the store (once per kind per request)."""

    def __init__(self, db, today: date, round_=None, exclude_id: int | None = None):
        self.db, self.today, self.round, self.exclude_id = db, today, round_, exclude_id
        self._others: dict[str, tuple] = {}

    def others(self, kind: str) -> tuple:
        if kind not in self._others:
            with self.db.read() as s:
                self._others[kind] = submissions.others_for(s, kind, self.exclude_id)
        return self._others[kind]

    def report(self, record: dict):
        kind = kind_of(record)
        ctx = Context(today=self.today, round=self.round, others=self.others(kind))
        try:
            return with_continuations(with_missing_glyphs(validate(record, ctx), record), record)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as e:
            # a rule that raises is already S902 (validators/engine.py); what is left is the
            # schema walk or the glyph check tripping over an odd shape: log it, and answer 422
            # rather than 500
            log.exception("rule crashed on a %s record", kind)
            raise Problem(422, f"记录结构异常，无法完成校验（{type(e).__name__}）；请先按 JSON Schema 检查记录",
                          slug="cannot-validate") from None

    def result(self, record: dict) -> dict:
        report = self.report(record)
        return {"kind": report.kind, "valid": report.valid, "summary": summary(report.findings),
                "findings": [f.to_dict() for f in report.findings]}

    def batch_result(self, items: list) -> dict:
        """Each item's result, or the reason it could not be validated, by its index."""
        results = []
        for i, item in enumerate(items):
            try:
                if not isinstance(item, dict):
                    raise UnusableInput("记录应为 JSON 对象（{…}）", "a record must be an object",
                                        reason="not-object")
                kind_of(item)
                results.append({"index": i, **self.result(item)})
            except UnusableInput as e:
                results.append({"index": i, "kind": None, "valid": False,
                                "error": {"reason": e.reason, "message": e.message}})
            except Problem as p:
                results.append({"index": i, "kind": item.get("kind"), "valid": False,
                                "error": {"reason": p.slug, "message": p.detail}})
        return {"count": len(results), "valid": sum(1 for r in results if r["valid"]),
                "results": results}

    def findings(self, record: dict) -> tuple[list, bool]:
        report = self.report(record)
        return [f.to_dict() for f in report.findings], report.valid

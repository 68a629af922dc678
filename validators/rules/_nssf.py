"""Pieces shared by the NSSF management kinds (change request, completion, budget adjustment):
exact money arithmetic, and the identifier rules each kind registers under its own code.

Amounts are 万元 with at most two decimals; sums are taken in whole hundredths so that
0.1 + 0.2 adds up to 0.3.
"""
from __future__ import annotations

from decimal import Decimal

from validators.catalogue import ERROR, rule
from validators.ids import nssf_project, uscc
from validators.rules._common import get, identifier_violation


def cents(value) -> int:
    """Money in 万元 as whole hundredths, so sums are exact.

    >>> cents(0.1) + cents(0.2) == cents(0.3)
    True
    >>> cents(12.5)
    1250
    """
    return int(Decimal(str(value)) * 100)


def yuan(c: int) -> str:
    """Hundredths of 万元 back to the printed form.

    >>> yuan(1234), yuan(-5)
    ('12.34', '-0.05')
    """
    return f"{Decimal(c) / 100:.2f}"


def money(node, key: str) -> int | None:
    """``node[key]`` in hundredths, or None when missing or not a number (the schema says so).

    >>> money({"spent": 3.05}, "spent"), money({"spent": "3.05"}, "spent"), money({}, "spent")
    (305, None, None)
    """
    value = node.get(key) if isinstance(node, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return cents(value)


def line_sum(lines, key: str) -> int | None:
    """Sum of ``key`` over budget lines in hundredths; None when any line lacks a number."""
    values = [money(line, key) for line in lines or []]
    return None if None in values else sum(values)


def approval_number_rule(code: str, kind: str, clause: str, form: str):
    """Register the 批准号 check of one kind under its own code (CR401, NC401, BA401)."""
    @rule(code, name="invalid-approval-number", kind=kind, severity=ERROR,
          message="批准号“{value}”不正确：{reason}",
          message_en="invalid NSSF project number '{value}': {reason}",
          source=f"000 一（批准号）；{clause}",
          hint="请按立项通知书填写批准号，如 20BZX012、18ZDA001。",
          why=f"批准号是项目在平台中的唯一标识，{form}据此找到立项项目。")
    def invalid_approval_number(record, ctx):
        yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                        "/project/approval_number")
    return invalid_approval_number


def credit_code_rule(code: str, kind: str, units, why_more: str = ""):
    """Register the 统一社会信用代码 check of one kind; ``units(record)`` yields (path, unit)."""
    @rule(code, name="invalid-credit-code", kind=kind, severity=ERROR,
          message="「{unit}」的统一社会信用代码“{value}”不正确：{reason}",
          message_en="unified social credit code '{value}' of {unit} is invalid: {reason}",
          source="GB 32100-2015",
          hint="请按单位法人证书或营业执照上的 18 位代码填写。",
          why="统一社会信用代码第 18 位是校验位，填错一位即可由校验位发现。" + why_more)
    def invalid_credit_code(record, ctx):
        for path, unit in units(record):
            yield from identifier_violation(uscc, get(unit, "credit_code"), path + "/credit_code",
                                            unit=get(unit, "name", default=""))
    return invalid_credit_code

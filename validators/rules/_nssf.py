"""Pieces shared by the NSSF management kinds (change request, completion, budget adjustment):
exact money arithmetic, and the identifier checks each kind raises under its own code.

Amounts are 万元 with at most two decimals; sums are taken in whole hundredths so that
0.1 + 0.2 adds up to 0.3.
"""
from __future__ import annotations

from decimal import Decimal

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


def approval_number_violations(record):
    """The 批准号 check every NSSF management kind raises under its own code."""
    yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                    "/project/approval_number")


def credit_code_violations(units):
    """The 统一社会信用代码 check of ``units``, (path, unit) pairs of one kind's record."""
    for path, unit in units:
        yield from identifier_violation(uscc, get(unit, "credit_code"), path + "/credit_code",
                                        unit=get(unit, "name", default=""))

"""Money of the NSSF management kinds (change request, completion, budget adjustment).

Amounts are 万元 with at most two decimals; sums are taken in whole hundredths so that
0.1 + 0.2 adds up to 0.3.
"""
from __future__ import annotations

from decimal import Decimal


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

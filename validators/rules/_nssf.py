"""The identifier checks each NSSF management kind (change request, completion, budget
adjustment) raises under its own code."""
from __future__ import annotations

from validators.ids import nssf_project, uscc
from validators.record import get
from validators.rules._common import identifier_violation


def approval_number_violations(record):
    """The 批准号 check every NSSF management kind raises under its own code."""
    yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                    "/project/approval_number")


def credit_code_violations(units):
    """The 统一社会信用代码 check of ``units``, (path, unit) pairs of one kind's record."""
    for path, unit in units:
        yield from identifier_violation(uscc, get(unit, "credit_code"), path + "/credit_code",
                                        unit=get(unit, "name", default=""))

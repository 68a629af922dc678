"""The identifier checks each NSSF management kind (change request, completion, budget
adjustment) raises under its own code."""
from __future__ import annotations

from validators.catalogue import Violation
from validators.ids import nssf_project, uscc
from validators.record import get, is_filled
from validators.rules._common import identifier_violation


def approval_number_violations(record):
    """The 批准号 check every NSSF management kind raises under its own code."""
    yield from identifier_violation(nssf_project, get(record, "project", "approval_number"),
                                    "/project/approval_number")


def unusual_approval_number_violations(record):
    """A valid 批准号 of a shape we have not seen: a warning, for a real number is never refused
    (艺术学, 教育学 and 军事学 numbers are not in the project database; issue #13)."""
    value = get(record, "project", "approval_number")
    if is_filled(value) and nssf_project.is_valid(value):
        reason = nssf_project.unusual(value)
        if reason:
            yield Violation("/project/approval_number", value=value, reason=reason)


def credit_code_violations(units):
    """The 统一社会信用代码 check of ``units``, (path, unit) pairs of one kind's record."""
    for path, unit in units:
        yield from identifier_violation(uscc, get(unit, "credit_code"), path + "/credit_code",
                                        unit=get(unit, "name", default=""))

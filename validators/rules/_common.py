"""The identifier check several kinds' rules share."""
from __future__ import annotations

from validators.catalogue import Violation
from validators.ids.errors import InvalidIdentifier
from validators.record import is_filled


def identifier_violation(module, value, path: str, **values):
    """Yield a Violation when ``value`` is given but not a valid identifier of ``module``."""
    if not is_filled(value):
        return
    try:
        module.validate(value)
    except InvalidIdentifier as e:
        yield Violation(path, value=value, reason=e.message, **values)

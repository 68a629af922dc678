"""What a check may know besides the record: the date, the registration round, other records."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from validators.rounds import Round


@dataclass(frozen=True)
class Context:
    today: date | None = None     # None: rules that need "today" say so instead of guessing
    round: Round | None = None    # a registration round (year, deadlines), shipped as data
    others: tuple[dict, ...] = field(default=())  # other records: the store, or --against DIR

"""Registration rounds: the year and deadlines of a round are data, not constants (E14).

A round is a JSON file in ``schemas/rounds/<name>.json``; its ``source`` names the clause the
dates come from. ``paperwork validate --round shanxi-2025`` selects one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from validators.kinds import SCHEMA_DIR

ROUNDS_DIR = SCHEMA_DIR / "rounds"


@dataclass(frozen=True)
class Round:
    name: str
    title: str
    version: int
    region: str
    produced_from: date            # achievements produced in [produced_from, produced_to]
    produced_to: date
    online_deadline: date | None   # completers submit online by this date (inclusive)
    review_deadline: date | None   # organising bodies review online by this date
    delivery_from: date | None     # summary table and paper materials delivered on these days
    delivery_to: date | None
    paper_working_days: int | None  # paper materials after the registration number (003)
    source: str


class UnknownRound(LookupError):
    pass


def _d(v):
    return date.fromisoformat(v) if v else None


def available() -> list[str]:
    return sorted(p.stem for p in ROUNDS_DIR.glob("*.json"))


@cache
def load(name: str) -> Round:
    path = ROUNDS_DIR / f"{name}.json"
    if not path.is_file():
        raise UnknownRound(f"未知的登记轮次“{name}”，可选：{'、'.join(available()) or '无'}")
    d = json.loads(path.read_text("utf-8"))
    return Round(
        name=d["name"], title=d["title"], version=d["version"], region=d["region"],
        produced_from=_d(d["produced_from"]), produced_to=_d(d["produced_to"]),
        online_deadline=_d(d.get("online_deadline")), review_deadline=_d(d.get("review_deadline")),
        delivery_from=_d(d.get("delivery_from")), delivery_to=_d(d.get("delivery_to")),
        paper_working_days=d.get("paper_working_days"), source=d["source"],
    )

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
    paper_source: str               # the clause that sets (or leaves unset) that period
    formal_review_days: int | None  # the archive's online 形式审查 after upload (003 方式二 3)
    paper_review_working_days: int | None  # its review of the paper materials (003 方式二 4.(2))
    export_package: str | None      # the exported 压缩包 every channel uploads (003: cgsbqy.zip)
    offline_originals: bool         # offline registration brings originals (003 方式三 2)
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
        paper_working_days=d.get("paper_working_days"), paper_source=d["paper_source"],
        formal_review_days=d.get("formal_review_days"),
        paper_review_working_days=d.get("paper_review_working_days"),
        export_package=d.get("export_package"), offline_originals=d.get("offline_originals", False),
        source=d["source"],
    )


# No round given: the paper period of 003 方式二 4.(1) applies, the only clause that sets one
# after the number. The archive's own review periods (方式二 3、4.(2)) bind only the round whose
# archive they are, so without a round they are not checked.
DEFAULT_PAPER_WORKING_DAYS = 10
DEFAULT_PAPER_SOURCE = "003 方式二 4.(1)"


@dataclass(frozen=True)
class PaperRule:
    """The period for the paper materials after the 成果登记号 and the clause that sets it; the
    rules (AR303–AR305), the desk and the receipt all take it from here."""
    working_days: int | None    # None: the round sets no such period, so nothing is late
    basis: str                  # which rule applies, as the desk and the receipt say it


def paper_rule(round_: Round | None) -> PaperRule:
    if round_ is None:
        return PaperRule(DEFAULT_PAPER_WORKING_DAYS, f"未指定登记轮次：取得成果登记号后 "
                         f"{DEFAULT_PAPER_WORKING_DAYS} 个工作日内送达纸质材料（{DEFAULT_PAPER_SOURCE}）")
    days = round_.paper_working_days
    if days:
        return PaperRule(days, f"{round_.title}：取得成果登记号后 {days} 个工作日内送达纸质材料"
                               f"（{round_.paper_source}）")
    return PaperRule(None, f"{round_.title}没有规定取得成果登记号后送达纸质材料的期限"
                           f"（{round_.paper_source}）")


"""Working days in mainland China: public holidays and adjusted working weekends (调休).

The calendar is the maintained ``chinesecalendar`` package (the State Council's annual holiday
notices, 2004 onwards), not a hand-kept table. A year it does not cover raises
:class:`YearNotCovered`, and the rule layer turns that into a clear finding instead of a guess
(``003`` 10 个工作日).

Counting convention (``003 方式二 4.(1)``: "取得成果登记号的项目单位，请在10个工作日内…"):
the day the number is issued is day 0; the n-th working day after it is the last allowed day.

>>> add_working_days(date(2025, 9, 26), 10)   # across the 2025 National Day holiday
datetime.date(2025, 10, 16)
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


class YearNotCovered(LookupError):
    def __init__(self, year: int):
        self.year = year
        lo, hi = covered_years()
        super().__init__(f"{year} 年节假日数据未收录（已收录 {lo}–{hi} 年），无法按工作日计算期限")


def covered_years() -> tuple[int, int]:
    holidays = chinese_calendar.constants.holidays
    return min(holidays).year, max(holidays).year


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise YearNotCovered(day.year) from None


@lru_cache(maxsize=4096)
def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is day 0)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how many working days after ``start`` ``end`` is."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count

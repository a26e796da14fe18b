"""Exact calendar arithmetic for periods written in years and months.

Periods are counted as the Civil Code counts them (arts. 201-202): the day of the event is not counted, and a
period of N months ends on the corresponding day of the month N months later; when that month has no
corresponding day (the 29th-31st), it ends on the last day of that month. So a two-year period from an act on
2020-02-29 ends on 2022-02-28, and one month from 2024-01-31 ends on 2024-02-29.
"""
from __future__ import annotations

import calendar
import datetime as _dt


def add_months(day: _dt.date, months: int) -> _dt.date:
    """The corresponding day `months` later (or earlier, when negative), clamped to the month's last day.

    Beyond the calendar's range (year 9999) the result is date.max: a period that cannot end.
    """
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if year > _dt.MAXYEAR:
        return _dt.date.max
    if year < _dt.MINYEAR:
        return _dt.date.min
    month = month0 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_last_day(start: _dt.date, months: int) -> _dt.date:
    """The last day inside a period of `months` that runs from `start` (the event day itself not counted)."""
    return add_months(start, months)


def months_text(months: int, lang: str) -> str:
    years, rest = divmod(months, 12)
    if lang == "zh":
        return (f"{years}年" if years else "") + (f"{rest}个月" if rest else "") or "0个月"
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if rest:
        parts.append(f"{rest} month" + ("s" if rest != 1 else ""))
    return " ".join(parts) or "0 months"

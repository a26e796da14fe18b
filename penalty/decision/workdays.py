"""Working days (art. 85: 二日、三日、五日、七日 are working days, statutory holidays not counted) on the holiday
calendar of the `chinese-calendar` package, which knows the State Council's notices year by year, 调休 included.

A period starts the day after the event (the day of the event is not counted). A count that reaches a year the
calendar does not cover is not guessed: `add_working_days` returns None and `coverage` says which years it has.
"""
from __future__ import annotations

import datetime as _dt


def coverage() -> tuple:
    """(first year, last year, package version) of the holiday data."""
    import chinese_calendar
    from chinese_calendar import constants
    years = sorted({d.year for d in constants.holidays})
    return years[0], years[-1], chinese_calendar.__version__


def add_working_days(start: _dt.date, days: int):
    """The day on which `days` working days after `start` are over, or None past the calendar's data."""
    import chinese_calendar
    first, last, _ = coverage()
    day, left = start, days
    while left:
        day += _dt.timedelta(days=1)
        if not first <= day.year <= last:
            return None
        if chinese_calendar.is_workday(day):
            left -= 1
    return day

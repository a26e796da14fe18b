import calendar
import datetime as dt

from hypothesis import given, strategies as st

from penalty.time.dates import add_months, months_text, period_last_day

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def test_month_ends_and_leap_days():
    assert add_months(dt.date(2020, 2, 29), 24) == dt.date(2022, 2, 28)
    assert add_months(dt.date(2020, 2, 29), 48) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 2, 28), 6) == dt.date(2023, 8, 28)  # the corresponding day, not the month end
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert period_last_day(dt.date(2022, 3, 10), 24) == dt.date(2024, 3, 10)


def test_beyond_the_calendar_never_ends():
    assert add_months(dt.date(9999, 6, 1), 12) == dt.date.max


@given(DATES, st.integers(min_value=-1200, max_value=1200))
def test_lands_in_the_right_month_on_the_corresponding_or_last_day(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == min(day.day, calendar.monthrange(out.year, out.month)[1])


@given(DATES, DATES, st.integers(min_value=0, max_value=1200))
def test_monotonic(a, b, months):
    a, b = min(a, b), max(a, b)
    assert add_months(a, months) <= add_months(b, months)


@given(DATES, st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=600))
def test_composes_when_no_clamping(day, m1, m2):
    if day.day <= 28:
        assert add_months(add_months(day, m1), m2) == add_months(day, m1 + m2)
    else:  # clamping can only shorten
        assert add_months(add_months(day, m1), m2) <= add_months(day, m1 + m2)


@given(DATES, st.integers(min_value=1, max_value=1200))
def test_a_period_is_never_shorter_than_its_days_allow(day, months):
    # each month has 28..31 days, so N months span 28N..31N days
    span = (period_last_day(day, months) - day).days
    assert 28 * months - 3 <= span <= 31 * months


def test_months_text():
    assert months_text(24, "en") == "2 years"
    assert months_text(18, "en") == "1 year 6 months"
    assert months_text(60, "zh") == "5年"
    assert months_text(6, "zh") == "6个月"

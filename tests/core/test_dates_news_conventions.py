"""News conventions of the date finder (issue 10) beyond those in test_dates_conventions.py: the
quarter an earnings report is about, the day of an event a weekday names in the genitive, lengths
written before a noun ("a day-long meeting"), "mid-afternoon" on the day the text is on, the latest
fiscal year, the day a present-tense count names ("today is the eighth day of"), "a later date",
the day next to a weekday ("the day before last Tuesday") and a holiday's week ("Easter week").
Each rule is proven on sentences written for these tests, none taken from the TimeML corpora.
"""

from __future__ import annotations

import datetime

import pytest

from annotator.core.dates import find_dates

NOV = datetime.date(2023, 11, 2)  # a Thursday in earnings season for the third quarter
FRI = datetime.date(2024, 3, 8)


def _values(text: str, dct: datetime.date | None) -> dict[str, tuple[str, str, str | None]]:
    return {m.text: (m.type, m.value, m.mod) for m in find_dates(text, dct)}


# --- the reported quarter ----------------------------------------------------------------------


def test_a_quarter_named_in_passing_leaves_the_reported_one() -> None:
    text = (
        "Orchard Foods posted a 12% rise in third-quarter profit. After a weak second quarter, demand "
        "for frozen goods recovered. In the 2023 period, costs were lower than a year ago."
    )
    found = _values(text, NOV)
    assert found["second quarter"][1] == "2023-Q2"
    assert found["the 2023 period"][1] == "2023-Q3"
    assert found["a year ago"][1] == "2022-Q3"


def test_the_year_earlier_period_compares_the_reported_quarter() -> None:
    text = "Net income at Harbor Mills rose in the third quarter, although the first quarter was flat. Charges in the year-earlier period were high."
    assert _values(text, NOV)["the year-earlier period"][1] == "2022-Q3"


def test_a_quarter_long_past_is_not_the_reported_one() -> None:
    # The history comes first; the quarter reported is the first one near the article's date.
    text = (
        "The chain stopped its dividend in the second quarter of 2016. Third-quarter net rose 4%, "
        "after a soft first quarter, and costs were lower than a year ago."
    )
    found = _values(text, NOV)
    assert found["the second quarter of 2016"][1] == "2016-Q2"
    assert found["a year ago"][1] == "2022-Q3"


def test_without_quarters_the_last_date_still_counts() -> None:
    # The reported quarter only stands in while the text speaks of quarters.
    text = "Third-quarter sales rose 5%. The plant in Ohio closed on Oct. 12, 2023. Output fell from its level a year earlier."
    assert _values(text, NOV)["a year earlier"][1] == "2022-10-12"


def test_the_quarter_just_named_is_the_reported_one_when_it_comes_first() -> None:
    text = "Second-quarter profit fell 8%. Sales in the 2023 period were $4 billion, down from a year ago."
    found = _values(text, NOV)
    assert found["the 2023 period"][1] == "2023-Q2"
    assert found["a year ago"][1] == "2022-Q2"


# --- weekdays in the genitive ------------------------------------------------------------------


def test_a_weekday_in_the_genitive_is_the_latest_such_day_whatever_the_verb() -> None:
    # The verb is future, but "Wednesday's ruling" is the day of the ruling the story reports.
    found = _values("The family said they would appeal Wednesday's ruling by the court.", FRI)
    assert found["Wednesday"] == ("DATE", "2024-03-06", None)
    found = _values("Lawyers will study Thursday's decision before they respond.", FRI)
    assert found["Thursday"][1] == "2024-03-07"


def test_a_weekday_in_the_genitive_may_be_the_coming_day_when_it_is_near() -> None:
    # On a Friday, Saturday is one day ahead and last Saturday six days back.
    found = _values("Organisers expect Saturday's march to draw thousands.", FRI)
    assert found["Saturday"][1] == "2024-03-09"


def test_a_weekday_not_in_the_genitive_keeps_the_tense() -> None:
    found = _values("The family said they would appeal on Wednesday.", FRI)
    assert found["Wednesday"][1] == "2024-03-13"


# --- lengths before a noun -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Negotiators left a day-long session without a deal.", "day-long", "P1D"),
        ("The week-long strike closed the port.", "week-long", "P1W"),
        ("An hour-long speech opened the congress.", "hour-long", "PT1H"),
        ("The agency began a year-long review of the rules.", "year-long", "P1Y"),
        ("A two-week-long trial ended on Monday.", "two-week-long", "P2W"),
        ("The decade-long boom faded.", "decade-long", "P10Y"),
    ],
)
def test_a_unit_long_before_a_noun_is_a_duration_without_the_determiner(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, NOV)[expression] == ("DURATION", value, None)


def test_lifelong_is_no_duration() -> None:
    assert _values("She is a lifelong member of the club.", NOV) == {}


# --- a part of the day after "mid" -----------------------------------------------------------


def test_mid_afternoon_is_on_the_day_the_text_is_on() -> None:
    found = _values("By mid-afternoon the crowd had gone home.", NOV)
    assert found["mid-afternoon"] == ("TIME", "2023-11-02TAF", "MID")
    found = _values("The strike began on Oct. 12. By mid morning, no trains ran.", NOV)
    assert found["mid morning"] == ("TIME", "2023-10-12TMO", "MID")


def test_a_part_of_the_day_alone_stays_untagged() -> None:
    assert "afternoon" not in _values("The afternoon papers led with the vote.", NOV)


# --- the latest fiscal year, the day counted today, a later date ----------------------------


def test_the_latest_fiscal_year_has_ended() -> None:
    found = _values("The unit made 30% of group sales in the latest fiscal year.", NOV)
    assert found["the latest fiscal year"] == ("DATE", "2022", None)
    assert _values("In the most recent fiscal year, margins narrowed.", NOV)["the most recent fiscal year"][1] == "2022"
    # "the fiscal year" alone is still the year the text is on.
    assert _values("Profit should rise throughout the fiscal year.", NOV)["the fiscal year"][1] == "2023"


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("In the capital, today is the fifth day of the general strike.", "the fifth day"),
        ("It's the third day of talks between the two unions.", "the third day"),
        ("This is the 12th day of protests outside parliament.", "the 12th day"),
    ],
)
def test_the_day_counted_in_the_present_is_the_articles(sentence: str, expression: str) -> None:
    assert _values(sentence, NOV)[expression] == ("DATE", "2023-11-02", None)


def test_a_day_counted_in_the_past_or_of_another_subject_stays_unresolved() -> None:
    assert "the third day" not in _values("Sunday was the third day of the siege.", NOV)
    assert "the first day" not in _values("The vote is the first day of a new era.", NOV)


def test_a_later_date_is_a_future_reference() -> None:
    found = _values("The company may sell more shares at a later date.", NOV)
    assert found["a later date"] == ("DATE", "FUTURE_REF", None)
    assert _values("Details follow at a later stage.", NOV)["a later stage"][1] == "FUTURE_REF"


# --- the day next to a weekday, a holiday's week ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The day before last Tuesday's vote, the mayor resigned.", "day before last Tuesday", "2024-03-04"),
        ("Union leaders met the day after Wednesday's walkout.", "day after Wednesday", "2024-03-07"),
        ("Talks will resume the day after next Monday.", "day after next Monday", "2024-03-12"),
    ],
)
def test_the_day_next_to_a_weekday_is_one_mention(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, FRI)[expression] == ("DATE", value, None)


def test_the_day_before_yesterday_is_unchanged() -> None:
    assert _values("The day before yesterday, rain fell.", FRI)["The day before yesterday"][1] == "2024-03-06"


@pytest.mark.parametrize(
    ("sentence", "dct", "expression", "value"),
    [
        # Holy Week 2024 began on Monday 25 March; Easter Sunday was 31 March.
        ("Pilgrims filled the city as Easter week began.", datetime.date(2024, 3, 25), "Easter week", "2024-W13"),
        ("Retailers expect record sales in Christmas week.", datetime.date(2023, 12, 1), "Christmas week", "2023-W52"),
        ("Traffic peaked in Thanksgiving week 2019.", datetime.date(2023, 12, 1), "Thanksgiving week 2019", "2019-W48"),
    ],
)
def test_a_holidays_week_is_the_iso_week_that_holds_it(sentence: str, dct: datetime.date, expression: str, value: str) -> None:
    assert _values(sentence, dct)[expression] == ("DATE", value, None)

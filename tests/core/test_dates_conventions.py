"""News conventions of the date finder that the TempEval-3 development set showed it lacked
(issue 10, bench/timeml_eval.py): each rule added for it is proven here on sentences written for
these tests, none taken from the TimeML corpora.
"""

from __future__ import annotations

import datetime

import pytest

from annotator.core.dates import find_dates

MON = datetime.date(2024, 2, 26)
SAT = datetime.date(2024, 2, 24)
NOV = datetime.date(2023, 11, 2)  # a Thursday in earnings season for the third quarter


def _values(text: str, dct: datetime.date | None) -> dict[str, tuple[str, str, str | None]]:
    return {m.text: (m.type, m.value, m.mod) for m in find_dates(text, dct)}


# (sentence, expression, dct, type, value)
CASES = [
    # A weekday no verb points ahead of leans to the past: the latest one, unless the coming
    # one is less than half as far.
    ("The index stands at 2,100, up from 2,050 Thursday.", "Thursday", MON, "DATE", "2024-02-22"),
    ("The index stands at 2,100, up from 2,050 Friday.", "Friday", MON, "DATE", "2024-02-23"),
    ("Shops reopen Tuesday after the storm.", "Tuesday", MON, "DATE", "2024-02-27"),
    ("Voting runs until Sunday.", "Sunday", datetime.date(2024, 2, 23), "DATE", "2024-02-25"),
    # The verb of a clause that a "saying" or "that" opens belongs to what was said, not to the
    # weekday before it.
    ("The envoys issued a joint statement Friday saying the pact will bring peace.", "Friday", SAT, "DATE", "2024-02-23"),
    ("Officials released a report Friday that forecasts a surplus will return.", "Friday", SAT, "DATE", "2024-02-23"),
    ("The minister will announce on Friday that taxes rose.", "Friday", SAT, "DATE", "2024-03-01"),
]


@pytest.mark.parametrize(("sentence", "expression", "dct", "kind", "value"), CASES)
def test_expression(sentence: str, expression: str, dct: datetime.date, kind: str, value: str) -> None:
    found = _values(sentence, dct)
    assert expression in found, f"{expression!r} not found in {sentence!r}; got {found}"
    assert found[expression][:2] == (kind, value)


def test_the_latest_quarter_is_one_already_ended() -> None:
    # A forecast for the running quarter comes first; "the latest quarter" is still the one reported.
    text = "The chain expects a loss in the fourth quarter. In the latest quarter, sales grew 5%, up from a year ago."
    found = _values(text, NOV)
    assert found["the fourth quarter"][1] == "2023-Q4"
    assert found["the latest quarter"][1] == "2023-Q3"
    assert found["a year ago"][1] == "2022-Q3"


def test_the_latest_quarter_still_follows_an_ended_quarter_the_text_named() -> None:
    text = "Sales fell in the second quarter. In the latest quarter, margins narrowed."
    assert _values(text, NOV)["the latest quarter"][1] == "2023-Q2"


def test_the_full_year_is_never_after_the_article() -> None:
    text = "The group set a margin target for 2026. It forecast higher profit for the full year."
    assert _values(text, NOV)["the full year"] == ("DATE", "2023", None)
    # An earlier year the text reports on is still the year it means.
    text = "The chain opened 40 stores in 2019. For the full year, sales rose 8%."
    assert _values(text, NOV)["the full year"] == ("DATE", "2019", None)

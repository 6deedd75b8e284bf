"""Conventions of the date finder for times the text itself sets (issue 10): the quarter an
earnings report is about. Each rule is proven on sentences written for these tests, none taken
from the TimeML corpora.
"""

from __future__ import annotations

import datetime

from annotator.core.dates import find_dates

NOV = datetime.date(2023, 11, 2)  # a Thursday in earnings season for the third quarter


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

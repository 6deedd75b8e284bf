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
    # A bare month with no verb to go by leans to the past the same way.
    ("A high of $42 in June, up from $29 in March.", "March", NOV, "DATE", "2023-03"),
    ("A high of $42 in June, up from $29 in March.", "June", NOV, "DATE", "2023-06"),
    ("Board meeting in December.", "December", NOV, "DATE", "2023-12"),
    # The verb of a clause that a "saying" or "that" opens belongs to what was said, not to the
    # weekday before it.
    ("The envoys issued a joint statement Friday saying the pact will bring peace.", "Friday", SAT, "DATE", "2024-02-23"),
    ("Officials released a report Friday that forecasts a surplus will return.", "Friday", SAT, "DATE", "2024-02-23"),
    ("The minister will announce on Friday that taxes rose.", "Friday", SAT, "DATE", "2024-03-01"),
    # A part of the day after the day it is in, as market reports write it.
    ("Shares were up 2 pence at mid-afternoon yesterday.", "mid-afternoon yesterday", MON, "TIME", "2024-02-25TAF"),
    ("Crowds gathered in the evening today.", "evening today", MON, "TIME", "2024-02-26TEV"),
    # "or so" before "ago" is an approximate point in the past, not a duration.
    ("The ultimatum was drafted a week or so ago.", "a week or so ago", MON, "DATE", "2024-W08"),
    ("The talks collapsed three months or so ago.", "three months or so ago", MON, "DATE", "2023-11"),
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


def test_or_so_before_ago_is_an_approximation() -> None:
    assert _values("The ultimatum was drafted a week or so ago.", MON)["a week or so ago"][2] == "APPROX"
    assert _values("Prices fell a few weeks or so ago.", MON)["a few weeks or so ago"] == ("DATE", "PAST_REF", "APPROX")


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # Titles: a unit word capitalised in running text names a programme, not a time.
        ('The minister said on ABC\'s "This Week" that talks had failed.', "Week"),
        ('He told CBS\'s "60 Minutes" he was innocent.', "Minutes"),
        # "March" is also the noun, in the names of marches.
        ("Protesters joined the annual March for Life in the capital.", "March"),
        ("She walked at the head of the March of the Mothers.", "March"),
        # "high noon" is an idiom for the decisive moment.
        ("For the reformers, high noon has come.", "noon"),
        ("The poster showed a still from High Noon.", "Noon"),
    ],
)
def test_not_a_time(sentence: str, word: str) -> None:
    assert not any(word in m.text for m in find_dates(sentence, MON)), find_dates(sentence, MON)


def test_march_before_of_and_a_year_stays_the_month() -> None:
    assert _values("It ended in March of 1990.", MON)["March of 1990"][1] == "1990-03"
    assert _values("The law passed in March of this year.", MON)["March of this year"][1] == "2024-03"
    assert _values("Rallies were held in March. On Monday they stopped.", MON)["March"][1] == "2023-03"


def test_the_same_words_in_lower_case_or_capitals_stay_times() -> None:
    found = _values("This week, 60 minutes of talks were held at noon.", MON)
    assert found["This week"] == ("DATE", "2024-W09", None)
    assert found["60 minutes"] == ("DURATION", "PT60M", None)
    assert found["noon"] == ("TIME", "2024-02-26T12:00", None)
    assert _values("TALKS RESUME NEXT WEEK", MON)["NEXT WEEK"][1] == "2024-W10"


def test_ago_counts_back_from_the_article_not_from_a_forecast_quarter() -> None:
    text = "The steelmaker sees a recovery by the third quarter of 2025. In the year-ago period it lost money."
    found = _values(text, NOV)
    assert found["the third quarter of 2025"][1] == "2025-Q3"
    assert found["the year-ago period"][1] == "2022-Q3"
    text = "The steelmaker sees a recovery by the third quarter of 2025. Output is down from a year ago."
    assert _values(text, NOV)["a year ago"][1] == "2022"  # a year before the article, not 2024-Q3
    # "a year earlier" counts from the time the text set, forecast or not.
    text = "Output will reach 9 million tons in the third quarter of 2025, up from 8 million a year earlier."
    assert _values(text, NOV)["a year earlier"][1] == "2024-Q3"


def test_this_month_name_is_in_the_articles_year() -> None:
    early = datetime.date(2024, 2, 5)
    assert _values("The election is due this September.", early)["this September"][1] == "2024-09"
    assert _values("The plant closed this January.", datetime.date(2024, 11, 20))["this January"][1] == "2024-01"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Prices last hit that level in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
        ("January nineteen ninety-seven. The clinic was bombed.", "January nineteen ninety-seven", "1997-01"),
        ("The mill shut in March of nineteen eighty.", "March of nineteen eighty", "1980-03"),
        ("The games were held in the summer of the year two thousand.", "the summer of the year two thousand", "2000-SU"),
        ("In nineteen ninety-one the bank failed.", "nineteen ninety-one", "1991"),
    ],
)
def test_spoken_years_take_the_month_or_season_before_them(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression] == ("DATE", value, None)


def test_a_year_back_after_a_span_of_months_is_last_year() -> None:
    # The quarter is compared with its year-ago quarter; the nine months with last year's.
    text = (
        "The miller earned $4 million in the third quarter, up from $3 million a year earlier. "
        "For the nine months, it earned $11 million, against $9 million a year earlier."
    )
    found = [(m.text, m.value) for m in find_dates(text, NOV)]
    assert found == [("the third quarter", "2023-Q3"), ("a year earlier", "2022-Q3"), ("the nine months", "P9M"), ("a year earlier", "2022")]
    text = "The third quarter was weak. In the first six months, sales fell from a year ago."
    assert _values(text, NOV)["a year ago"][1] == "2022"
    # Far from the span (another paragraph), the look back is the quarter's again.
    text = "In the third quarter, profit rose. In the nine months, it fell." + " The mill ran at full capacity." * 8 + " Costs were lower than a year earlier."
    assert _values(text, NOV)["a year earlier"][1] == "2022-Q3"


def test_year_earlier_results_count_back_from_the_article() -> None:
    # "Last year" already names the year compared with: "the year-earlier results" are of it too.
    text = "Last year the insurer lost $5 million on storms. The year-earlier results have been restated."
    found = _values(text, NOV)
    assert found["Last year"][1] == "2022"
    assert found["year-earlier"][1] == "2022"  # before its noun, without "the"
    text = "The chain lost money last year. The year-ago figures include a charge."
    assert _values(text, NOV)["year-ago"][1] == "2022"
    # After the quarter the report is about, it is still that quarter a year back.
    text = "In the third quarter, net rose 5% from year-earlier net of $2 million."
    assert _values(text, NOV)["year-earlier"][1] == "2022-Q3"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # Told in the past, a deadline granted or put off still lies ahead.
        ("The council gave the builders until Friday to finish the bridge.", "Friday", "2024-03-01"),
        ("The judge postponed the hearing until Thursday.", "Thursday", "2024-02-29"),
        ("Regulators extended the deadline until mid-March.", "mid-March", "2024-03"),
        ("The board has given the union until April to reply.", "April", "2024-04"),
        # A bare "until" before a past perfect looks back as before.
        ("Until Thursday, the police had not named a suspect.", "Thursday", "2024-02-22"),
        ("The talks stalled until Thursday, when both sides gave ground.", "Thursday", "2024-02-22"),
    ],
)
def test_a_deadline_granted_or_put_off_lies_ahead(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression][1] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # A passive in the present is no past cue: the nearest date ("is heard" is not "heard").
        ("The appeal fails if the case is heard in April.", "April", "2024-04"),
        ("Prizes are given on Wednesday.", "Wednesday", "2024-02-28"),
        # An adverb between "would" and "be" keeps the future.
        ("A summit would still be held on July 4.", "July 4", "2024-07-04"),
        ("The bridge will probably be opened in January.", "January", "2025-01"),
        # "decided to" looks ahead like "agreed to".
        ("The board decided to sell the plant in March.", "March", "2024-03"),
        # A past participle without "is" before it stays a past cue.
        ("The case was heard in April.", "April", "2023-04"),
    ],
)
def test_passive_present_and_adverbs_keep_the_clauses_tense(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression][1] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # A weekday with a part of the day in the plural, or after "every", recurs.
        ("The ferry sails on Tuesday nights from April.", "Tuesday nights", "XXXX-WXX-2TNI"),
        ("The choir rehearses Sunday mornings.", "Sunday mornings", "XXXX-WXX-7TMO"),
        ("The clinic stays open every Friday evening.", "every Friday evening", "XXXX-WXX-5TEV"),
        ("He writes on Wednesday afternoons.", "Wednesday afternoons", "XXXX-WXX-3TAF"),
    ],
)
def test_weekday_parts_of_day_in_the_plural_recur(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression] == ("SET", value, None)


def test_one_weekday_night_stays_a_time() -> None:
    assert _values("The ferry sank on Tuesday night.", MON)["Tuesday night"] == ("TIME", "2024-02-20TNI", None)


# --- issue 10, round 4 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "mod"),
    [
        # TimeML: "later" and "earlier" after a count of days or weeks are signals; the count is
        # the DURATION, its value written with the number, or X for a vague count.
        ("The strike began in Lyon. Four days later it reached Paris.", "Four days", "P4D", None),
        ("The dam burst. Barely a day earlier, engineers had warned of cracks.", "Barely a day", "P1D", "LESS_THAN"),
        ("Several weeks later the ministry changed course.", "Several weeks", "PXW", None),
        ("Two and a half days later the ferry docked.", "Two and a half days", "P2DT12H", None),
    ],
)
def test_days_and_weeks_before_later_or_earlier_are_durations(sentence: str, expression: str, value: str, mod: str | None) -> None:
    found = _values(sentence, MON)
    assert found[expression] == ("DURATION", value, mod)
    assert not any(text.endswith(("later", "earlier")) for text in found), found


def test_a_duration_with_a_signal_still_moves_the_storys_day() -> None:
    text = "The siege began on 3 June 2022. Five days later the defenders surrendered. That evening the city fell silent."
    found = _values(text, MON)
    assert found["Five days"] == ("DURATION", "P5D", None)
    assert found["That evening"] == ("TIME", "2022-06-08TEV", None)
    # Looking back does not move it: "two days earlier" is before the day the text is on.
    text = "The siege ended on 8 June 2022. Two days earlier the walls had been breached. That evening the city fell silent."
    found = _values(text, MON)
    assert found["Two days"] == ("DURATION", "P2D", None)
    assert found["That evening"] == ("TIME", "2022-06-08TEV", None)


def test_years_and_months_before_earlier_stay_the_date_of_a_comparison() -> None:
    found = _values("Exports reached $3 billion in May 2023, up from $2 billion a year earlier.", MON)
    assert found["a year earlier"] == ("DATE", "2022-05", None)


def test_a_tagged_span_may_hold_the_signal_after_a_duration() -> None:
    from annotator.core.dates import normalise_span

    text = "The rebels withdrew three days later."
    start = text.index("three")
    mention = normalise_span(text, start, len(text) - 1, MON)
    assert mention is not None and (mention.type, mention.value) == ("DURATION", "P3D")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # A comma or "and" that joins two names ends no clause: the verb before the list still
        # governs the month after it.
        ("The airline will add two daily flights between Lisbon and Madrid in August.", "August", "2024-08"),
        ("The council has decided to admit Austria, Ireland and Malta in early June, an envoy said on Monday.", "early June", "2024-06"),
        # A comma right after the expression still ends its clause.
        ("Under the accord announced Friday, Acme holders would receive $5 a share.", "Friday", "2024-02-23"),
    ],
)
def test_lists_of_names_break_no_clause(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression][1] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # Days of one kind are still counted in days.
        ("The index fell for eight trading days in a row.", "eight trading days", "P8D"),
        ("Refunds arrive within ten working days.", "ten working days", "P10D"),
        ("The transfer takes several business days.", "several business days", "PXD"),
    ],
)
def test_trading_and_working_days_are_counted_in_days(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression] == ("DURATION", value, None)


def test_the_past_before_a_count_of_something_else_is_no_past_reference() -> None:
    for sentence in ("Floods have hit the valley in each of the past three summers.", "Turnout fell in the past 12 elections."):
        assert not any(m.text.lower().startswith("the past") for m in find_dates(sentence, MON)), find_dates(sentence, MON)
    assert _values("Such wars belong to the past.", MON)["the past"] == ("DATE", "PAST_REF", None)
    assert _values("Prices doubled over the past two years.", MON)["the past two years"] == ("DURATION", "P2Y", None)


def test_a_clock_time_before_a_bracket_and_a_day_is_on_that_day() -> None:
    text = "The quake struck at about 4:20 a.m. (0220 GMT) Thursday, residents said. Polls close at 8 p.m. (1900 GMT) on Sunday."
    found = _values(text, MON)
    assert found["about 4:20 a.m."] == ("TIME", "2024-02-22T04:20", "APPROX")
    assert found["0220 GMT"] == ("TIME", "2024-02-22T02:20", None)
    assert found["Thursday"] == ("DATE", "2024-02-22", None)
    assert found["8 p.m."][1] == found["1900 GMT"][1][:10] + "T20:00" == "2024-02-25T20:00"
    # Without a bracket the clock time and the day still make one mention.
    assert _values("Polls close at 8 p.m. on Sunday.", MON)["8 p.m. on Sunday"] == ("TIME", "2024-02-25T20:00", None)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # "the weeks ahead" is a stretch of unknown length, like "the coming weeks".
        ("Fuel prices may climb in the weeks ahead.", "the weeks ahead", "PXW"),
        ("The years ahead will test the alliance.", "The years ahead", "PXY"),
        # "couple of" counts two, with "a" or without it.
        ("Over the next couple of years the plant will close.", "the next couple of years", "P2Y"),
        ("The talks lasted a couple of days.", "a couple of days", "P2D"),
    ],
)
def test_units_ahead_and_a_couple(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression] == ("DURATION", value, None)


def test_the_previous_or_following_weekday_counts_from_the_day_the_text_is_on() -> None:
    text = "The court met on Tuesday, 3 October 2023. The following Monday the judge resigned; the preceding Sunday evening he had called a friend."
    found = _values(text, MON)
    assert found["The following Monday"] == ("DATE", "2023-10-09", None)
    assert found["the preceding Sunday evening"] == ("TIME", "2023-10-08TEV", None)
    # With no day before it, the weekday before the article's.
    assert _values("Shares closed 4% below the previous Friday.", MON)["the previous Friday"] == ("DATE", "2024-02-23", None)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # A fiscal quarter without a future cue is being reported: the latest one so numbered,
        # however the clause is built ("said it earned ..., or ..., in": no cue within reach).
        ("The retailer said it earned $4 million, or 9 cents a share, in the fiscal first quarter.", "the fiscal first quarter", "2023-Q1"),
        ("Fiscal first-quarter margins, a spokesman noted, were thin.", "Fiscal first-quarter", "2023-Q1"),
        # Announced, it is the nearest one so numbered.
        ("The retailer will publish its fiscal first quarter results, a spokesman said.", "fiscal first quarter", "2024-Q1"),
    ],
)
def test_a_fiscal_quarter_is_the_latest_one_unless_announced(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, NOV)[expression] == ("DATE", value, None)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # "planned" with an object looks ahead like "planned to"; as an adjective it does not.
        ("Unions planned a march through the capital on Saturday.", "Saturday", "2024-03-02"),
        ("Farmers planned their next blockade for Thursday.", "Thursday", "2024-02-29"),
        ("On Friday the hastily planned visit was cut short.", "Friday", "2024-02-23"),
    ],
)
def test_planned_with_an_object_looks_ahead(sentence: str, expression: str, value: str) -> None:
    assert _values(sentence, MON)[expression][1] == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # "the quarter ended <day>": the three months up to that day, named by the calendar
        # quarter holding most of them.
        ("In the quarter ended July 31, the chain lost $3 million.", "2023-Q2"),
        ("For the quarter ended Sept. 30, the bank earned $9 million.", "2023-Q3"),
        ("The latest quarter, ending Feb. 28, 2023, was weak.", "2023-Q1"),
    ],
)
def test_the_quarter_ended_a_day_is_the_quarter_of_its_months(sentence: str, value: str) -> None:
    found = {m.text.lower(): m for m in find_dates(sentence, NOV)}
    quarter = found.get("the quarter") or found["the latest quarter"]
    assert (quarter.type, quarter.value) == ("DATE", value)


@pytest.mark.parametrize(
    ("sentence", "expression", "kind", "value"),
    [
        # The first or last quarters or months of a year that make a half or a quarter of it.
        ("The slump will last through the first two quarters of 2025.", "the first two quarters of 2025", "DATE", "2025-H1"),
        ("Sales rose in the last three months of 2022.", "the last three months of 2022", "DATE", "2022-Q4"),
        ("Output fell in the first six months of 2021.", "the first six months of 2021", "DATE", "2021-H1"),
        # Other spans stay durations.
        ("Output fell in the first nine months of 2021.", "the first nine months", "DURATION", "P9M"),
        # A span of months a year back: its length, as TimeML writes a duration.
        ("Net for the year-earlier nine months included a gain.", "the year-earlier nine months", "DURATION", "P9M"),
        ("The year-ago six months were weaker.", "The year-ago six months", "DURATION", "P6M"),
    ],
)
def test_parts_of_a_year_and_spans_a_year_back(sentence: str, expression: str, kind: str, value: str) -> None:
    assert _values(sentence, NOV)[expression] == (kind, value, None)


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        # A hyphenated expression before a noun modifies it: "the" belongs to the noun.
        ("The union rejected the 30-day cooling-off period.", "30-day"),
        ("Analysts cheered the third-quarter results.", "third-quarter"),
        ("The year-ago figures were restated.", "year-ago"),
    ],
)
def test_the_before_a_prenominal_expression_is_the_nouns(sentence: str, expression: str) -> None:
    assert expression in _values(sentence, NOV), find_dates(sentence, NOV)
    # As the head of its phrase it keeps "the".
    assert "the year-ago quarter" in _values("Profit doubled from the year-ago quarter.", NOV)
    assert "the past 20 years" in _values("Prices doubled over the past 20 years.", NOV)

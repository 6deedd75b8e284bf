"""TimeML coverage of the date finder (issue 10): references, fiscal years, ranges, anaphora,
quarters in earnings news, tense of the governing verb, and the windowed scan.

Every sentence here was written for these tests; none is taken from the TimeML corpora the
benchmark (bench/timeml_eval.py) measures on.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dates import find_dates, finder
from annotator.core.dates.candidates import Context

ROOT = Path(__file__).resolve().parents[2]
FRI = datetime.date(2024, 2, 23)
SAT = datetime.date(2024, 2, 24)
NOV = datetime.date(2023, 11, 2)  # earnings season for the third quarter


def _values(text: str, dct: datetime.date | None = FRI) -> dict[str, tuple[str, str, str | None]]:
    return {m.text: (m.type, m.value, m.mod) for m in find_dates(text, dct)}


# (sentence, expression, dct, type, value)
CASES = [
    # present, past and future references
    ("Prices are rising now, the bank said.", "now", FRI, "DATE", "PRESENT_REF"),
    ("Prices rose in May. Today the mayor will speak.", "Today", FRI, "DATE", "2024-02-23"),
    ('"Today we won," the coach said.', "Today", FRI, "DATE", "2024-02-23"),
    # ... but "now" that opens a sentence without a comma, or sits inside one, is the present time
    ("The plant was sold in 2019. Now the town has no employer.", "Now", FRI, "DATE", "PRESENT_REF"),
    ("The plant was sold in 2019. Right now, the town has no employer.", "Right now", FRI, "DATE", "PRESENT_REF"),
    ("For now, the mayor is in charge.", "now", FRI, "DATE", "PRESENT_REF"),
    ("The mayor said that now, after the flood, the dam must be raised.", "now", FRI, "DATE", "PRESENT_REF"),
    ("The ferry is right now stuck at sea.", "right now", FRI, "DATE", "PRESENT_REF"),
    ("The bank is currently reviewing its rates.", "currently", FRI, "DATE", "PRESENT_REF"),
    ("Few families can afford a car these days.", "these days", FRI, "DATE", "PRESENT_REF"),
    ("The mine is closed at present.", "at present", FRI, "DATE", "PRESENT_REF"),
    ("The council recently voted to close the library.", "recently", FRI, "DATE", "PAST_REF"),
    ("More recently, the mayor changed her mind.", "More recently", FRI, "DATE", "PAST_REF"),
    ("Such floods were rare in the past.", "the past", FRI, "DATE", "PAST_REF"),
    ("Talks may resume in the near future.", "the near future", FRI, "DATE", "FUTURE_REF"),
    ("No deal is likely in the foreseeable future.", "the foreseeable future", FRI, "DATE", "FUTURE_REF"),
    ("She hopes to teach in the future.", "the future", FRI, "DATE", "FUTURE_REF"),
    ("Demand will stay weak in the near term.", "the near term", FRI, "DATE", "FUTURE_REF"),
    # years spelt out in broadcast transcripts
    ("In nineteen ninety-six the plant closed.", "nineteen ninety-six", FRI, "DATE", "1996"),
    ("The dam was finished in nineteen oh five.", "nineteen oh five", FRI, "DATE", "1905"),
    ("Unemployment was to be halved by the year two thousand.", "the year two thousand", FRI, "DATE", "2000"),
    ("The law dates from the year two thousand and four.", "the year two thousand and four", FRI, "DATE", "2004"),
    # fiscal years: named by the year they end in
    ("Revenue for fiscal 2023 rose by a tenth.", "fiscal 2023", FRI, "DATE", "2023"),
    ("The budget for fiscal year 2019 was cut.", "fiscal year 2019", FRI, "DATE", "2019"),
    ("The council adopted the budget for fiscal 2020-21.", "fiscal 2020-21", FRI, "DATE", "2021"),
    ("Spending in FY2022 fell.", "FY2022", FRI, "DATE", "2022"),
    # ranges: each end is its own expression
    ("Output grew in 1990-95 and again in 2014-15.", "95", FRI, "DATE", "1995"),
    ("Output grew in 1990-95 and again in 2014-15.", "2014", FRI, "DATE", "2014"),
    ("Output grew in 1990-95 and again in 2014-15.", "15", FRI, "DATE", "2015"),
    ("The plant ran from 2010 to 2015.", "2015", FRI, "DATE", "2015"),
    ("The league was suspended for the 1999-2000 season.", "2000", FRI, "DATE", "2000"),
    # quarters in earnings news: the nearest one, whatever the tense
    ("The bank will report third-quarter results next week.", "third-quarter", NOV, "DATE", "2023-Q3"),
    ("Fourth-quarter sales are expected to rise.", "Fourth-quarter", NOV, "DATE", "2023-Q4"),
    ("The chain earned $2 million in the fiscal first quarter.", "the fiscal first quarter", NOV, "DATE", "2023-Q1"),
    ("The chain will report its fiscal first quarter soon.", "fiscal first quarter", NOV, "DATE", "2024-Q1"),
    ("The mill posted a profit for the fiscal second-quarter of $8 million.", "fiscal second-quarter", NOV, "DATE", "2023-Q2"),
    ("Profit fell in this year's second quarter.", "this year's second quarter", NOV, "DATE", "2023-Q2"),
    ("The charge was booked in the 2021 second quarter.", "the 2021 second quarter", NOV, "DATE", "2021-Q2"),
    ("Orders rose in the latest quarter.", "the latest quarter", NOV, "DATE", "2023-Q3"),
    ("Costs will rise in the current quarter.", "the current quarter", NOV, "DATE", "2023-Q4"),
    ("The brewer lost money in the year-ago third quarter.", "the year-ago third quarter", NOV, "DATE", "2022-Q3"),
    # durations, sets and times of day that news needs
    ("The strike went on for weeks.", "weeks", FRI, "DURATION", "PXW"),
    # "over the years", "the years that followed": a stretch of unknown length, not "the years" alone
    ("Over the years the village shrank.", "years", FRI, "DURATION", "PXY"),
    ("In the months that followed, the mill closed.", "months", FRI, "DURATION", "PXM"),
    ("Repairs took a few hours.", "a few hours", FRI, "DURATION", "PTXH"),
    ("Prices will climb in the coming years.", "the coming years", FRI, "DURATION", "PXY"),
    ("The next three quarters will be hard.", "The next three quarters", NOV, "DURATION", "P9M"),
    ("The boy will stay for two more weeks.", "two more weeks", FRI, "DURATION", "P2W"),
    ("The loan may be extended for an additional year.", "an additional year", FRI, "DURATION", "P1Y"),
    ("The market opens every Monday.", "every Monday", FRI, "SET", "XXXX-WXX-1"),
    ("The licence is renewed annually.", "annually", FRI, "SET", "P1Y"),
    ("The board meets twice a year.", "twice a year", FRI, "SET", "P1Y"),
    ("Net income for the nine months ended Sept. 30 rose.", "the nine months", NOV, "DURATION", "P9M"),
    ("Sales in the latest period rose 3%.", "the latest period", NOV, "DATE", "2023-Q3"),
    ("Revenue in the year ended March 31 rose 4%.", "the year", NOV, "DURATION", "P1Y"),
    ("Sales for the full year will top $2 billion.", "the full year", NOV, "DATE", "2023"),
    ("Prices will rise in the current year.", "the current year", NOV, "DATE", "2023"),
    # holidays: the day in the year the tense picks, or the year given
    ("Shops stayed shut on Christmas Day.", "Christmas Day", FRI, "DATE", "2023-12-25"),
    ("Pilgrims will gather for Easter.", "Easter", FRI, "DATE", "2024-03-31"),
    ("The ceasefire began on Good Friday.", "Good Friday", FRI, "DATE", "2023-04-07"),
    ("The parade was held on Thanksgiving Day.", "Thanksgiving Day", FRI, "DATE", "2023-11-23"),
    ("Easter 2021 was quiet.", "Easter 2021", FRI, "DATE", "2021-04-04"),
    ("See you next Christmas.", "next Christmas", FRI, "DATE", "2024-12-25"),
    ("Fireworks lit the sky on New Year's Eve.", "New Year's Eve", FRI, "DATE", "2023-12-31"),
    # "current" before a noun and bare "coming"/"past" plurals are TimeML references
    ("Analysts blamed current market conditions.", "current", FRI, "DATE", "PRESENT_REF"),
    ("Holders may buy shares at half the then current price.", "then current", FRI, "DATE", "PAST_REF"),
    ("Rates may fall in coming months.", "coming months", FRI, "DATE", "FUTURE_REF"),
    ("Such losses were rare in past years.", "past years", FRI, "DATE", "PAST_REF"),
    ("Sales in the current fiscal year will rise.", "the current fiscal year", NOV, "DATE", "2023"),
    # earnings news: a quarter of another year is the reported quarter moved into that year
    ("The insurer earned $9 million in the second quarter, up from $7 million in the 2022 period.", "the 2022 period", NOV, "DATE", "2022-Q2"),
    ("The 2021 quarter had a tax gain.", "The 2021 quarter", NOV, "DATE", "2021-Q3"),
    ("Profit fell from the corresponding period last year.", "the corresponding period last year", NOV, "DATE", "2022-Q3"),
    ("Sales beat last year's quarter.", "last year's quarter", NOV, "DATE", "2022-Q3"),
    ("The year-ago period included a one-time gain.", "The year-ago period", NOV, "DATE", "2022-Q3"),
    # year ends, weeks of a day, Election Day, seasons named "this"
    ("The merger should close by year-end.", "year-end", NOV, "DATE", "2023"),
    ("Shares have gained a fifth since year-end.", "year-end", NOV, "DATE", "2022"),
    ("The trial was moved to the week of March 6.", "the week of March 6", FRI, "DATE", "2024-W10"),
    ("Voters go to the polls on Election Day.", "Election Day", NOV, "DATE", "2023-11-07"),
    ("Farmers said the harvest starts this summer.", "this summer", datetime.date(2024, 3, 20), "DATE", "2024-SU"),
    ("He signed a one-day contract.", "one-day", FRI, "DURATION", "P1D"),
    # "one day" after a modal is an indefinite future; after a word of length it is a length
    ("The bridge may one day link the two islands.", "one day", FRI, "DATE", "FUTURE_REF"),
    ("The museum will some day reopen its doors.", "some day", FRI, "DATE", "FUTURE_REF"),
    ("The vote was delayed by one day.", "one day", FRI, "DURATION", "P1D"),
    ("The border stayed closed for one day.", "one day", FRI, "DURATION", "P1D"),
    ("The strike lasted only one day.", "one day", FRI, "DURATION", "P1D"),
    ("The envoy arrived on 29 February.", "29 February", datetime.date(2024, 3, 5), "DATE", "2024-02-29"),
    ("He called late Friday.", "late Friday", FRI, "DATE", "2024-02-23"),
    # "on April 24 and 25": the second day is a date of its own, in the first one's month
    ("The summit will meet on April 24 and 25 in Oslo.", "April 24", FRI, "DATE", "2024-04-24"),
    ("The summit will meet on April 24 and 25 in Oslo.", "25", FRI, "DATE", "2024-04-25"),
    ("The museum was shut on Jan. 3 or 4, staff said.", "4", FRI, "DATE", "2024-01-04"),
    ("The vote is due at 3 p.m.", "3 p.m.", FRI, "TIME", "2024-02-23T15:00"),
    ("The ministers met Tuesday morning.", "Tuesday morning", FRI, "TIME", "2024-02-20TMO"),
]


@pytest.mark.parametrize(("sentence", "expression", "dct", "kind", "value"), CASES)
def test_expression(sentence: str, expression: str, dct: datetime.date, kind: str, value: str) -> None:
    found = _values(sentence, dct)
    assert expression in found, f"{expression!r} not found in {sentence!r}; got {found}"
    assert found[expression][:2] == (kind, value)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The future of the alliance is in doubt.", "future"),
        ("She learned about the past of her family.", "past"),
        ("The quarter of the city near the port burned.", "quarter"),
        ("It was the year of the great flood.", "year"),
        ("A present for the mayor arrived.", "present"),
        ("The budget for fiscal 2010-15 was a plan, not a year.", "fiscal"),
        ("The current account deficit widened.", "current"),
        ("A strong current carried the boat away.", "current"),
        ("Scores of 1990-45 are not ranges of years.", "45"),
        ("Two thousand people marched.", "thousand"),
        ("One day he walked into the police station.", "day"),
        ("She hopes one day to sail around the world.", "day"),
        ("The years were hard on the farm.", "years"),
        ("In the weeks before the vote, he hid.", "weeks"),
        # a number after "Month D and" that counts something, or that comes first, is no day
        ("On May 5 and 30 people were hurt.", "30"),
        ("Votes on June 12 and 3 abstentions were cast.", "3"),
        ("Rain fell on February 28 and 30 mm of snow.", "30"),
        # a capitalised "Today" after a name or "the" ends a title
        ("The figures come from a poll for USA Today.", "Today"),
        ("She was a guest on the Today show last year.", "Today"),
        # "Now," opening a sentence is a discourse marker (TimeML marks "now" only for the present time)
        ("The mill closed in May. Now, the union says, the town must find new work.", "Now"),
        ('"We lost the vote." Now, she said, the party will regroup.', "Now"),
        ("Now, let us turn to the weather.", "Now"),
    ],
)
def test_not_a_date(sentence: str, word: str) -> None:
    assert not any(word in m.text for m in find_dates(sentence, FRI)), find_dates(sentence, FRI)


def test_a_year_end_is_the_end_of_that_year() -> None:
    assert _values("The merger should close by year-end.", NOV)["year-end"] == ("DATE", "2023", "END")
    assert _values("The merger should close by year's end.", None)["year's end"] == ("DATE", "XXXX", "END")


def test_fiscal_numbers_and_amounts_after_of_are_not_parts_of_a_whole() -> None:
    # "the second quarter of the century" is a part of it, not a date; "the second quarter of $2 million" is
    assert not any("quarter" in m.text for m in find_dates("It was the second quarter of the century.", NOV))
    assert _values("The bank posted a second quarter of $2 million in losses.", NOV)["second quarter"][1] == "2023-Q2"


def test_anaphoric_days_follow_the_date_the_text_set() -> None:
    text = (
        "Talks opened in Geneva on March 3, 2021. The following day, negotiators met again, and two days later "
        "they signed a truce. The same day, rockets fell on the border. Later that month the truce broke down."
    )
    found = _values(text)
    assert found["The following day"] == ("DATE", "2021-03-04", None)
    # TimeML: "later" is a signal and "two days" a DURATION, which still moves the story's time.
    assert found["two days"] == ("DURATION", "P2D", None)
    assert "two days later" not in found
    assert found["The same day"] == ("DATE", "2021-03-06", None)
    assert found["Later that month"] == ("DATE", "2021-03", None)


def test_the_day_before_and_that_morning() -> None:
    found = _values("The mayor resigned on June 2, 2022. That morning he had called the police.")
    assert found["That morning"] == ("TIME", "2022-06-02TMO", None)
    found = _values("The mayor resigned on June 2, 2022. He had met the governor the day before.")
    assert found["the day before"] == ("DATE", "2022-06-01", None)


def test_the_year_is_the_year_the_text_is_about() -> None:
    found = _values("The chain opened 40 stores in 2019. For the year, sales rose 8%.")
    assert found["the year"] == ("DATE", "2019", None)


def test_anaphora_without_an_earlier_date_uses_the_dct() -> None:
    assert _values("The next day, the rebels withdrew.")["The next day"] == ("DATE", "2024-02-24", None)


def test_a_year_earlier_keeps_the_granularity_of_the_date_it_compares_with() -> None:
    text = "Exports reached $3 billion in May 2023, up from $2 billion a year earlier."
    assert _values(text)["a year earlier"] == ("DATE", "2022-05", None)


def test_earnings_comparisons_take_the_quarter_and_leave_it_in_place() -> None:
    text = (
        "The insurer earned $40 million in the third quarter, up from $31 million a year ago. "
        "In the quarter, premiums rose 4%; the year-ago quarter had a one-time gain."
    )
    found = _values(text, NOV)
    assert found["the third quarter"] == ("DATE", "2023-Q3", None)
    assert found["a year ago"] == ("DATE", "2022-Q3", None)
    assert found["the quarter"] == ("DATE", "2023-Q3", None)
    assert found["the year-ago quarter"] == ("DATE", "2022-Q3", None)


def test_a_year_ago_without_a_quarter_is_a_year_back_from_the_dct() -> None:
    assert _values("Fares were lower a year ago.")["a year ago"] == ("DATE", "2023", None)


# --- tense of the governing verb ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "dct", "value"),
    [
        # A fronted expression takes the tense of the main verb after it.
        ("On Sunday, police and border guards said they had arrested two men.", "Sunday", FRI, "2024-02-18"),
        ("On Monday, the two leaders will sign the treaty in Rome.", "Monday", FRI, "2024-02-26"),
        # "next to" is a place, not a future.
        ("A car bomb exploded next to the court building on Friday.", "Friday", SAT, "2024-02-23"),
        # Reported speech: the reporting verb is past, the reported plan future.
        ("The minister said on Monday he would travel to Paris on Saturday.", "Monday", FRI, "2024-02-19"),
        ("The minister said on Monday he would travel to Paris on Saturday.", "Saturday", FRI, "2024-02-24"),
        ("The general told reporters the troops planned to leave on Thursday.", "Thursday", SAT, "2024-02-29"),
        ("The court could rule as soon as Tuesday.", "Tuesday", FRI, "2024-02-27"),
        # "slated", like "scheduled", looks ahead without "to" after it.
        ("The trade talks, slated for Monday, are still on.", "Monday", FRI, "2024-02-26"),
        ("The minister spoke about the slated visit of the king in March.", "March", FRI, "2024-03"),
        # After a fronted expression only the first verb governs, not the clause it introduces.
        ("In September, the firm announced plans to buy a rival.", "September", NOV, "2023-09"),
        ("On Monday, the chairman said he will resign.", "Monday", FRI, "2024-02-19"),
        # A sentence that ends just before the expression lends it no tense.
        ("Talks will resume next week. Valentine's Day was quiet.", "Valentine's Day", FRI, "2024-02-14"),
        # A present the cues do not list leaves the nearest reading.
        ("The minister faces questions in parliament on Thursday.", "Thursday", FRI, "2024-02-22"),
    ],
)
def test_tense_of_the_governing_verb(sentence: str, expression: str, dct: datetime.date, value: str) -> None:
    assert _values(sentence, dct)[expression][1] == value


# --- the windowed scan finds exactly what a full scan finds --------------------------------


def _gold_texts() -> list[tuple[str, datetime.date | None]]:
    gold = json.loads((ROOT / "tests" / "core" / "dates_gold.json").read_text(encoding="utf-8"))
    texts = []
    for document in gold["documents"]:
        if document.get("file"):
            with open(ROOT / document["file"], encoding="utf-8", newline="") as handle:
                text = handle.read()
        else:
            text = document["text"]
        texts.append((text, datetime.date.fromisoformat(document["dct"]) if document["dct"] else None))
    return texts


def _both_scans(text: str, dct: datetime.date | None) -> tuple[list, list]:
    ctx = Context(text, 0, text, dct, lenient=False)
    return finder._scan(ctx, windowed=True), finder._scan(ctx, windowed=False)


def test_windowed_scan_equals_full_scan_on_the_gold_texts() -> None:
    joined = "\n\n".join(text for text, _ in _gold_texts())
    windowed, full = _both_scans(joined, FRI)
    assert windowed == full
    for text, dct in _gold_texts():
        windowed, full = _both_scans(text, dct)
        assert windowed == full


_PIECES = [w for sentence, *_ in CASES for w in sentence.split()] + [
    "x" * 120,
    "\n",
    "2024-25",
    "FY24",
    "Q3",
    "1990s",
    "10:30",
    "3",
    "p.m.",
    "0735",
    "GMT",
    "02/23/2024",
    "2024-02-23T15:00",
    "23.02.2024",
    "at",
    "noon",
    "1990-95.30",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.sampled_from([" ", "  ", "\n"]))
def test_windowed_scan_equals_full_scan_on_generated_text(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    windowed, full = _both_scans(text, FRI)
    assert windowed == full


def test_easter_by_the_computus() -> None:
    from annotator.core.dates.resolve import easter

    known = {1818: "1818-03-22", 1943: "1943-04-25", 2000: "2000-04-23", 2019: "2019-04-21", 2024: "2024-03-31", 2038: "2038-04-25"}
    assert {year: easter(year).isoformat() for year in known} == known


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+\Z")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z\t\n\u2003\x1c,.-é", max_size=60), st.integers(min_value=0, max_value=60))
def test_word_before_is_the_letters_before_the_spaces(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    match = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    assert Context(text, 0, text, None, lenient=False).word_before(pos) == (match[1].lower() if match else "")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["said", "Said", "will", "WILL", "Ahmed", "wanted", "ſaid", "İs", "is", "to be held", "next", "’ll", "-", " ", ",", "\n"]), max_size=30
    ),
    st.integers(min_value=0, max_value=5),
)
def test_tense_cues_on_lower_case_text_are_the_cues_of_the_text(words: list[str], lo: int) -> None:
    from annotator.core.dates import tense

    text = " ".join(words)
    lo = min(lo, len(text))
    expected = [(m.start(), m.end(), m.lastgroup or "ed", m.group().lower()) for m in tense._CUES.finditer(text, lo, len(text))]
    assert tense._cues(text, lo, len(text)) == expected


def _plain_triggers() -> re.Pattern[str]:
    from annotator.core.dates.candidates import TRIGGER_WORDS

    return re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in TRIGGER_WORDS.items()) + ")")


_TRIGGER_PIECES = [*_PIECES, "marketing", "may", "everyone", "per", "percent", "new year", "newsroom", "hourly", "hour", "q3", "h1", "1990s", "٣"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=60), st.sampled_from([" ", "-", "\n"]))
def test_grouped_trigger_regex_finds_what_the_plain_one_finds(words: list[str], joiner: str) -> None:
    from annotator.core.dates.candidates import TRIGGER_CLASS, TRIGGERS

    text = joiner.join(words).lower()
    plain = [(m.span(), m.lastgroup) for m in _plain_triggers().finditer(text)]
    assert [(m.span(), TRIGGER_CLASS[m.lastgroup or ""]) for m in TRIGGERS.finditer(text)] == plain


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.Mr_é٣ \n", max_size=40))
def test_sentence_ends_skip_abbreviations_as_the_word_regex_did(text: str) -> None:
    from annotator.core.dates import tense

    word_before = re.compile(r"(\w+)\.$")
    for match in tense._SENTENCE_END.finditer(text):
        stop = match.start()
        word = word_before.search(text, max(0, stop - 12), stop + 1) if text[stop] == "." else None
        expected = text[stop] != "." or word is None or (len(word[1]) > 1 and word[1].lower() not in tense._ABBREVIATIONS)
        assert tense._is_sentence_end(text, match) == expected


@pytest.mark.parametrize(
    ("sentence", "expression", "mod"),
    [
        ("Prices rose in early- -  March.", "early- -  March", "START"),
        ("Prices rose in mid- March.", "mid- March", "MID"),
        ("The strike lasted more than \n two weeks.", "more than \n two weeks", "MORE_THAN"),
        ("It ended at the end of  2023.", "the end of  2023", "END"),
    ],
)
def test_prefixes_across_odd_spacing(sentence: str, expression: str, mod: str) -> None:
    assert _values(sentence)[expression][2] == mod


def test_a_discourse_now_tagged_by_hand_is_still_the_present() -> None:
    # find_dates leaves "Now," out; a user who tags it has decided it is a date.
    text = "The mill closed in May. Now, the union says, the town must find new work."
    start = text.index("Now")
    assert not any(m.text == "Now" for m in find_dates(text, FRI))
    mention = finder.normalise_span(text, start, start + 3, FRI)
    assert mention is not None and (mention.type, mention.value) == ("DATE", "PRESENT_REF")


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "mod"),
    [
        ("Wages never regained their pre-2008 level.", "pre-2008", "2008", "BEFORE"),
        ("The post-1989 order in Europe is fraying.", "post-1989", "1989", "AFTER"),
        ("Pre-1990 cars are exempt from the tax.", "Pre-1990", "1990", "BEFORE"),
        ("Output fell in mid-2023.", "mid-2023", "2023", "MID"),
    ],
)
def test_pre_and_post_a_year_are_before_and_after_it(sentence: str, expression: str, value: str, mod: str) -> None:
    # TimeML: the year is the value, "pre-" and "post-" the mod (BEFORE, AFTER) and part of the extent.
    assert _values(sentence)[expression] == ("DATE", value, mod)


def test_a_letter_prefix_before_a_year_is_still_a_model_name() -> None:
    assert not any("2024" in m.text for m in find_dates("The F-2024 jet and the Su-2000 prototype flew.", FRI))

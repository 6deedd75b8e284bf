"""annotator.core.dates: finding, resolving and checking TIMEX3 date expressions."""

from __future__ import annotations

import datetime
import json
import timeit
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dates import TIMEX_MODS, TIMEX_TYPES, DateMention, find_dates, normalise_span, validate_timex

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).with_name("dates_gold.json")
FRI = datetime.date(2024, 2, 23)  # a Friday, the dct of seed 000
MON = datetime.date(2023, 5, 22)  # a Monday, the dct of seed 003
WED = datetime.date(2024, 3, 13)


def _read(relative: str) -> str:
    with open(ROOT / relative, encoding="utf-8", newline="") as handle:
        return handle.read()


def _mention(text: str, expression: str, dct: datetime.date | None) -> DateMention:
    mentions = find_dates(text, dct)
    found = [m for m in mentions if m.text == expression]
    assert found, f"{expression!r} not found; got {[m.text for m in mentions]}"
    return found[0]


# (sentence, expression, dct, type, value, mod)
CASES = [
    # weekdays, by tense
    ("Pashinyan said Monday that his country could withdraw.", "Monday", MON, "DATE", "2023-05-22", None),
    ("The talks are to be hosted by Putin on Thursday in Moscow.", "Thursday", MON, "DATE", "2023-05-25", None),
    ("Pashinyan said in an interview published on Friday.", "Friday", FRI, "DATE", "2024-02-23", None),
    ("The minister said on Saturday that talks had failed.", "Saturday", FRI, "DATE", "2024-02-17", None),
    ("The minister will travel to Paris on Saturday.", "Saturday", FRI, "DATE", "2024-02-24", None),
    ("Officials met on Wednesday.", "Wednesday", FRI, "DATE", "2024-02-21", None),
    ("Voting runs until Sunday.", "Sunday", FRI, "DATE", "2024-02-25", None),
    ("He arrived last Friday.", "last Friday", FRI, "DATE", "2024-02-16", None),
    ("The summit opens next Tuesday.", "next Tuesday", FRI, "DATE", "2024-02-27", None),
    ("Clashes broke out on Tuesday night.", "Tuesday night", FRI, "TIME", "2024-02-20TNI", None),
    ("Witnesses said the blasts started early Friday.", "early Friday", FRI, "DATE", "2024-02-23", "START"),
    # deictic days and parts of day
    ("The ministry said today that it would respond.", "today", FRI, "DATE", "2024-02-23", None),
    ("The vote took place yesterday.", "yesterday", FRI, "DATE", "2024-02-22", None),
    ("The court will rule tomorrow.", "tomorrow", FRI, "DATE", "2024-02-24", None),
    ("Sirens sounded this morning.", "this morning", FRI, "TIME", "2024-02-23TMO", None),
    ("Drones attacked the city last night.", "last night", FRI, "TIME", "2024-02-22TNI", None),
    ("He will speak tonight.", "tonight", FRI, "TIME", "2024-02-23TNI", None),
    ("Rescuers worked through yesterday afternoon.", "yesterday afternoon", FRI, "TIME", "2024-02-22TAF", None),
    # clock times
    ("The meeting starts at 3 p.m.", "3 p.m.", FRI, "TIME", "2024-02-23T15:00", None),
    ("The polls close at 20:00 local time.", "20:00 local time", FRI, "TIME", "2024-02-23T20:00", None),
    ("A curfew begins at 11pm on Saturday.", "11pm on Saturday", FRI, "TIME", "2024-02-24T23:00", None),
    ("The strike hit on Thursday at 4:30 a.m.", "Thursday at 4:30 a.m.", FRI, "TIME", "2024-02-22T04:30", None),
    # bare months and month-days, by tense
    ("In September, Azerbaijani forces retook control of the enclave.", "September", FRI, "DATE", "2023-09", None),
    ("Elections will be held in September.", "September", FRI, "DATE", "2024-09", None),
    ("Armenia joined the court at the start of February.", "the start of February", FRI, "DATE", "2024-02", "START"),
    ("The plant will close at the end of March.", "the end of March", FRI, "DATE", "2024-03", "END"),
    ("Prices rose sharply in mid-January.", "mid-January", FRI, "DATE", "2024-01", "MID"),
    ("Activists blocked the road in December.", "December", MON, "DATE", "2022-12", None),
    ("The ceasefire was signed on Nov. 9.", "Nov. 9", FRI, "DATE", "2023-11-09", None),
    ("The new law takes effect on July 1.", "July 1", FRI, "DATE", "2024-07-01", None),
    ("He left office last September.", "last September", FRI, "DATE", "2023-09", None),
    ("The deal was struck in September last year.", "September last year", FRI, "DATE", "2023-09", None),
    # absolute dates
    ("February 23, 2024", "February 23, 2024", FRI, "DATE", "2024-02-23", None),
    ("The war began on 24 February 2022.", "24 February 2022", FRI, "DATE", "2022-02-24", None),
    ("The warrant was issued in March 2023.", "March 2023", FRI, "DATE", "2023-03", None),
    ("The report is dated 2023-12-01.", "2023-12-01", FRI, "DATE", "2023-12-01", None),
    ("It was signed on Friday, Feb. 16, 2024.", "Friday, Feb. 16, 2024", FRI, "DATE", "2024-02-16", None),
    ("Armenia fought wars in 2020 and in the 1990s.", "the 1990s", MON, "DATE", "199", None),
    ("The region has been disputed since the 19th century.", "the 19th century", FRI, "DATE", "18", None),
    ("Growth slowed in the late 2010s.", "the late 2010s", FRI, "DATE", "201", "END"),
    ("The fighting of the '90s left deep scars.", "the '90s", FRI, "DATE", "199", None),
    ("Six weeks of hostilities in autumn 2020 ended with a ceasefire.", "autumn 2020", MON, "DATE", "2020-FA", None),
    ("Sales fell in the fourth quarter of 2023.", "the fourth quarter of 2023", FRI, "DATE", "2023-Q4", None),
    ("Output recovered in the first half of 2023.", "the first half of 2023", FRI, "DATE", "2023-H1", None),
    ("It was founded in the early 21st century.", "the early 21st century", FRI, "DATE", "20", "START"),
    # relative units
    ("Relations soured last year.", "last year", FRI, "DATE", "2023", None),
    ("The boycott came at the end of last year.", "the end of last year", FRI, "DATE", "2023", "END"),
    ("Growth is expected to pick up next year.", "next year", FRI, "DATE", "2025", None),
    ("Talks resume next week.", "next week", FRI, "DATE", "2024-W09", None),
    ("Officials met last week.", "last week", FRI, "DATE", "2024-W07", None),
    ("The bill passed this week.", "this week", FRI, "DATE", "2024-W08", None),
    ("Exports fell last month.", "last month", FRI, "DATE", "2024-01", None),
    ("The report was published earlier this month.", "earlier this month", FRI, "DATE", "2024-02", None),
    ("Prices doubled over the last decade.", "the last decade", FRI, "DURATION", "P10Y", None),
    ("He was arrested two years ago.", "two years ago", FRI, "DATE", "2022", None),
    ("The strike happened three days ago.", "three days ago", FRI, "DATE", "2024-02-20", None),
    ("The law was passed more than a decade ago.", "more than a decade ago", FRI, "DATE", "2014", "BEFORE"),
    ("Protesters gathered over the weekend.", "the weekend", FRI, "DATE", "2024-W07-WE", None),
    ("Rallies are planned for this weekend.", "this weekend", FRI, "DATE", "2024-W08-WE", None),
    ("The offensive stalled last spring.", "last spring", FRI, "DATE", "2023-SP", None),
    ("The offensive is expected in the summer.", "the summer", FRI, "DATE", "2024-SU", None),
    # durations
    ("Moscow has been bogged down over the past two years.", "the past two years", FRI, "DURATION", "P2Y", None),
    ("It ended three decades of separatist rule.", "three decades", FRI, "DURATION", "P30Y", None),
    ("Six weeks of hostilities followed.", "Six weeks", FRI, "DURATION", "P6W", None),
    ("Moscow has for decades been the mediator.", "decades", FRI, "DURATION", "PXDE", None),
    ("It lasted a decade.", "a decade", FRI, "DURATION", "P10Y", None),
    ("Prices have risen in recent years.", "recent years", FRI, "DURATION", "PXY", None),
    ("The siege lasted 872 days.", "872 days", FRI, "DURATION", "P872D", None),
    ("He was held for five hours.", "five hours", FRI, "DURATION", "PT5H", None),
    ("The truce lasted a year and a half.", "a year and a half", FRI, "DURATION", "P1Y6M", None),
    ("The siege lasted 2 1/2 years.", "2 1/2 years", FRI, "DURATION", "P2Y6M", None),
    ("The flight took 5 1/2 hours.", "5 1/2 hours", FRI, "DURATION", "PT5H30M", None),
    ("The speech ran a minute and a half.", "a minute and a half", FRI, "DURATION", "PT1M30S", None),
    ("The talks lasted a day and a half.", "a day and a half", FRI, "DURATION", "P1DT12H", None),
    ("The drill took half an hour.", "half an hour", FRI, "DURATION", "PT30M", None),
    ("It took one and a half years.", "one and a half years", FRI, "DURATION", "P1Y6M", None),
    ("He signed a two-year contract.", "two-year", FRI, "DURATION", "P2Y", None),
    ("They were detained for more than 24 hours.", "more than 24 hours", FRI, "DURATION", "PT24H", "MORE_THAN"),
    ("The trial could take at least six months.", "at least six months", FRI, "DURATION", "P6M", "EQUAL_OR_MORE"),
    ("The journey takes about 40 minutes.", "about 40 minutes", FRI, "DURATION", "PT40M", "APPROX"),
    ("Repairs will take up to three weeks.", "up to three weeks", FRI, "DURATION", "P3W", "EQUAL_OR_LESS"),
    ("It lasted nearly two years.", "nearly two years", FRI, "DURATION", "P2Y", "LESS_THAN"),
    ("It could last several months.", "several months", FRI, "DURATION", "PXM", None),
    ("The war dragged on for years.", "years", FRI, "DURATION", "PXY", None),
    ("The talks could take a few weeks.", "a few weeks", FRI, "DURATION", "PXW", None),
    ("The project will take two years or more.", "two years or more", FRI, "DURATION", "P2Y", "EQUAL_OR_MORE"),
    # sets
    ("The forum meets every year.", "every year", FRI, "SET", "P1Y", None),
    ("The bulletin is published weekly.", "weekly", FRI, "SET", "P1W", None),
    ("Elections are held every four years.", "every four years", FRI, "SET", "P4Y", None),
    ("Prayers are held every Friday.", "every Friday", FRI, "SET", "XXXX-WXX-5", None),
    ("The market is open on Sundays.", "Sundays", FRI, "SET", "XXXX-WXX-7", None),
    ("The pipeline carries 30,000 barrels a day.", "a day", FRI, "SET", "P1D", None),
    ("The council meets twice a month.", "twice a month", FRI, "SET", "P1M", None),
    ("Reports are filed daily.", "daily", FRI, "SET", "P1D", None),
]


@pytest.mark.parametrize(("sentence", "expression", "dct", "kind", "value", "mod"), CASES, ids=[case[1] for case in CASES])
def test_expression_value(sentence: str, expression: str, dct: datetime.date, kind: str, value: str, mod: str | None) -> None:
    mention = _mention(sentence, expression, dct)
    assert (mention.type, mention.value, mention.mod) == (kind, value, mod)
    assert validate_timex(mention.type, mention.value, mention.mod) is None


def test_enough_cases() -> None:
    assert len(CASES) >= 60


NEGATIVES = [
    ("Original url: https://www.themoscowtimes.com/2024/02/23/armenia-says-froze-a84221", "2024"),
    ("Ukraine received F-16 jets.", "16"),
    ("Some 2,000 troops took part.", "2,000"),
    ("Armenia may quit the bloc.", "may"),
    ('"May God help us," a resident said.', "May"),
    ("Theresa May did not comment.", "May"),
    ("The march began at noon.", "march"),
    ("A 45-year-old man was detained.", "45-year"),
    ("He won a second round of voting.", "a second"),
    ("Flight 1862 landed safely.", "1862"),
    ("About 1500 soldiers were deployed.", "1500"),
    ("The bill passed 2024 votes to 12.", "2024"),
    ("One day he will return.", "One day"),
    ("The fall of Kabul shocked the West.", "fall"),
    ("They planned a spring offensive.", "spring"),
    ("The vote was 3:2 in favour.", "3:2"),
    ("Prices rose 12.5 percent.", "12.5"),
    ("The Arab Spring began in Tunisia.", "Spring"),
    ("Bloody Sunday is remembered each year.", "Sunday"),
]


@pytest.mark.parametrize(("sentence", "word"), NEGATIVES, ids=[case[0][:30] for case in NEGATIVES])
def test_not_a_date(sentence: str, word: str) -> None:
    start = sentence.index(word)
    overlapping = [m for m in find_dates(sentence, FRI) if m.start < start + len(word) and start < m.end]
    assert overlapping == []


def test_url_date_is_skipped_but_byline_kept() -> None:
    text = _read("seeds/000_d40578fe3dc4c4eb.txt")
    texts = [m.text for m in find_dates(text, FRI)]
    assert texts[0] == "February 23, 2024"
    assert not any(m.start > text.index("https://") for m in find_dates(text, FRI))


def test_two_years_joined_by_and() -> None:
    mentions = find_dates("objectives vis-a-vis Armenia in 2021 and 2022.", FRI)
    assert [(m.text, m.value) for m in mentions] == [("2021", "2021"), ("2022", "2022")]


def test_without_dct_anchored_values_use_x() -> None:
    text = "He said on Friday that talks in September, last year and next week failed; the 1990s were worse. Today, 2019."
    values = {m.text: m.value for m in find_dates(text, None)}
    assert values == {
        "Friday": "XXXX-WXX-5",
        "September": "XXXX-09",
        "last year": "XXXX",
        "next week": "XXXX-WXX",
        "the 1990s": "199",
        "Today": "XXXX-XX-XX",
        "2019": "2019",
    }


def test_datetime_dct_counts_as_its_day() -> None:
    [mention] = find_dates("He spoke yesterday.", datetime.datetime(2024, 2, 23, 23, 59))
    assert mention.value == "2024-02-22"


def test_week_across_the_new_year() -> None:
    # 31 December 2019 is in ISO week 1 of 2020.
    assert _mention("Schools reopen next week.", "next week", datetime.date(2019, 12, 31)).value == "2020-W02"


def test_clock_time_takes_the_day_named_earlier_in_the_sentence() -> None:
    text = "The talks began on Thursday and ended shortly before midnight."
    assert _mention(text, "midnight", FRI).value == "2024-02-22T24:00"


def test_offsets_are_code_points_in_text_as_given() -> None:
    text = "\ufeff🙂 Crowds gathered\r\non Friday — and again on 1 March."
    mentions = find_dates(text, FRI)
    assert [m.text for m in mentions] == ["Friday", "1 March"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


# --- normalise_span ---------------------------------------------------------------------


def test_normalise_span_uses_the_sentence_for_tense() -> None:
    text = "Ministers will meet on Thursday. Officials met on Thursday."
    first = text.index("Thursday")
    second = text.index("Thursday", first + 1)
    assert normalise_span(text, first, first + 8, MON) == DateMention(first, first + 8, "Thursday", "DATE", "2023-05-25", None)
    assert normalise_span(text, second, second + 8, MON).value == "2023-05-18"  # type: ignore[union-attr]


def test_normalise_span_keeps_the_users_span_around_prepositions() -> None:
    text = "The boycott came at the end of last year."
    start = text.index("at the end")
    mention = normalise_span(text, start, len(text) - 1, FRI)
    assert mention == DateMention(start, len(text) - 1, "at the end of last year", "DATE", "2023", "END")


def test_normalise_span_trusts_the_user_over_context_vetoes() -> None:
    text = "See https://example.org/2024/02/23/story and May."
    year = text.index("2024")
    assert normalise_span(text, year, year + 4, FRI).value == "2024"  # type: ignore[union-attr]
    may = text.index("May")
    assert normalise_span(text, may, may + 3, FRI).value == "2024-05"  # type: ignore[union-attr]  # no tense: the nearest May


@pytest.mark.parametrize("span", ["Armenia", "the talks", "Friday's summit was tense"])
def test_normalise_span_none_for_non_dates(span: str) -> None:
    text = f"Before: {span}."
    start = text.index(span)
    assert normalise_span(text, start, start + len(span), FRI) is None


def test_normalise_span_rejects_bad_offsets() -> None:
    with pytest.raises(ValueError):
        normalise_span("Friday", 3, 10, FRI)


# --- validate_timex ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "mod"),
    [
        ("DATE", "2024", None),
        ("DATE", "2024-02", "START"),
        ("DATE", "2024-02-29", None),
        ("DATE", "2020-FA", None),
        ("DATE", "199", None),
        ("DATE", "19", None),
        ("DATE", "2024-W08", None),
        ("DATE", "2020-W53", None),
        ("DATE", "2024-W08-WE", None),
        ("DATE", "XXXX-09", None),
        ("DATE", "XXXX-WXX-5", None),
        ("DATE", "2024-Q1", None),
        ("DATE", "2024-H2", None),
        ("DATE", "PAST_REF", None),
        ("TIME", "2024-02-23T15:00", None),
        ("TIME", "2024-02-23TMO", None),
        ("TIME", "2024-02-23T24:00", None),
        ("DURATION", "P2Y", "MORE_THAN"),
        ("DURATION", "PT5H", None),
        ("DURATION", "PXDE", None),
        ("DURATION", "P1Y6M", None),
        ("DURATION", "P1.5D", None),
        ("SET", "P1Y", None),
        ("SET", "XXXX-WXX-1", None),
        ("SET", "XXXX-XX-XXTMO", None),
    ],
)
def test_valid_timex(kind: str, value: str, mod: str | None) -> None:
    assert validate_timex(kind, value, mod) is None


@pytest.mark.parametrize(
    ("kind", "value", "mod", "message"),
    [
        ("DATE", "2024-13", None, "'2024-13' is not a valid month"),
        ("DATE", "2023-02-29", None, "'2023-02-29' is not a valid day"),
        ("DATE", "2021-W53", None, "'2021-W53' is not a valid week"),
        ("DATE", "2024-W08-9", None, "'2024-W08-9' is not a valid day of the week"),
        ("DATE", "Feb 2024", None, "'Feb 2024' is not a valid DATE value"),
        ("DATE", "P2Y", None, "'P2Y' is a duration; use type DURATION"),
        ("DATE", "2024-02-23T10:00", None, "use type TIME"),
        ("TIME", "2024-02-23T25:00", None, "'2024-02-23T25:00' is not a valid time of day"),
        ("TIME", "2024-02T10:00", None, "does not name a day"),
        ("DURATION", "2Y", None, "'2Y' is not a valid duration"),
        ("DURATION", "P", None, "'P' is not a valid duration"),
        ("DATE", "2024", "LATE", "'LATE' is not a TIMEX3 mod"),
        ("PERIOD", "2024", None, "'PERIOD' is not a TIMEX3 type"),
        ("DATE", "", None, "the value is empty"),
    ],
)
def test_invalid_timex(kind: str, value: str, mod: str | None, message: str) -> None:
    problem = validate_timex(kind, value, mod)
    assert problem is not None and message in problem


def test_constants() -> None:
    assert TIMEX_TYPES == ("DATE", "TIME", "DURATION", "SET")
    assert {"START", "MID", "END", "MORE_THAN", "LESS_THAN", "APPROX", "EQUAL_OR_MORE", "EQUAL_OR_LESS"} <= set(TIMEX_MODS)
    assert {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"} <= set(TIMEX_MODS)


# --- gold set ---------------------------------------------------------------------------


def _gold_documents() -> list[tuple[str, str, datetime.date | None, list[dict[str, object]]]]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    documents = []
    for document in gold["documents"]:
        text = document["text"] if "text" in document else _read(document["file"])
        dct = datetime.date.fromisoformat(document["dct"]) if document["dct"] else None
        documents.append((document["id"], text, dct, document["dates"]))
    return documents


def test_gold_set_is_consistent() -> None:
    documents = _gold_documents()
    assert len(documents) >= 7
    for doc_id, text, _dct, dates in documents:
        for date in dates:
            assert text[date["start"] : date["end"]] == date["text"], doc_id  # type: ignore[misc]
            assert validate_timex(date["type"], date["value"], date["mod"]) is None, (doc_id, date)  # type: ignore[arg-type]


def test_gold_precision_recall_and_value_accuracy() -> None:
    found = expected = matched = correct = 0
    misses: list[str] = []
    for doc_id, text, dct, dates in _gold_documents():
        got = {(m.start, m.end): m for m in find_dates(text, dct)}
        want = {(d["start"], d["end"]): d for d in dates}
        found += len(got)
        expected += len(want)
        for key, date in want.items():
            mention = got.get(key)  # type: ignore[call-overload]
            if mention is None:
                misses.append(f"{doc_id}: missed {date['text']!r}")
                continue
            matched += 1
            if (mention.type, mention.value, mention.mod) == (date["type"], date["value"], date["mod"]):
                correct += 1
            else:
                misses.append(f"{doc_id}: {date['text']!r} -> {mention.type} {mention.value} {mention.mod}, want {date['type']} {date['value']} {date['mod']}")
        misses.extend(f"{doc_id}: extra {m.text!r}" for key, m in got.items() if key not in want)
    precision, recall, accuracy = matched / found, matched / expected, correct / matched
    print(f"\ndates gold: {expected} expressions, precision {precision:.3f}, recall {recall:.3f}, value accuracy {accuracy:.3f}")
    for line in misses:
        print("  " + line)
    assert precision >= 0.9 and recall >= 0.9 and accuracy >= 0.9


# --- invariants and speed ---------------------------------------------------------------

_FRAGMENTS = [
    "said",
    "will",
    "on",
    "in",
    "Friday",
    "May",
    "may",
    "2024",
    "1990s",
    "the",
    "end of",
    "last",
    "next",
    "week",
    "year",
    "two",
    "years",
    "ago",
    "every",
    "a",
    "day",
    "3 p.m.",
    "at",
    ",",
    ".",
    "\n",
    "—",
    "🙂",
    "-",
    "March 5",
    "mid",
    "spring",
    "decades",
    "more than",
    "or more",
    "https://x.org/2024/01/01",
    "F-16",
    "2,000",
    "Q1",
    "the 19th century",
    "tonight",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from([" ", "  ", ""]), st.one_of(st.none(), st.dates()))
def test_mentions_are_sorted_disjoint_exact_and_valid(words: list[str], joiner: str, dct: datetime.date | None) -> None:
    text = joiner.join(words)
    mentions = find_dates(text, dct)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert validate_timex(mention.type, mention.value, mention.mod) is None, mention
        previous_end = mention.end


def test_seed_article_takes_a_few_milliseconds() -> None:
    text = _read("seeds/000_d40578fe3dc4c4eb.txt")
    runs = 20
    seconds = min(timeit.repeat(lambda: find_dates(text, FRI), number=runs, repeat=3)) / runs
    assert seconds < 0.02, f"{seconds * 1000:.1f} ms per article"


def test_one_long_paragraph_is_linear() -> None:
    text = _read("seeds/000_d40578fe3dc4c4eb.txt").replace("\n", " ") * 80  # 200,000 characters, no line break
    seconds = min(timeit.repeat(lambda: find_dates(text, FRI), number=1, repeat=1))
    assert seconds < 3
    assert len(find_dates(text, FRI)) == 80 * len(find_dates(_read("seeds/000_d40578fe3dc4c4eb.txt"), FRI))


def test_ago_before_the_calendar_starts_is_not_a_date() -> None:
    # Found by the property test above: "2024 year ago" from 2000 gave the value "-024".
    for text in ("2024 year ago", "99999999 days ago"):
        mentions = find_dates(text, datetime.date(2000, 1, 1))
        assert all(m.type != "DATE" and validate_timex(m.type, m.value, m.mod) is None for m in mentions)
    [two] = find_dates("two years ago", datetime.date(2024, 2, 23))
    assert two.value == "2022"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks resume on January 21ST, 2024.", {"January 21ST, 2024": "2024-01-21"}),
        ("Talks resume on January 21ſt, 2024.", {"January 21ſt, 2024": "2024-01-21"}),
        ("It ended two yearſ ago.", {"two yearſ ago": "2022"}),
        ("It lasted two mİnutes.", {"two mİnutes": "PT2M"}),
    ],
)
def test_letters_ignorecase_lets_in_are_read_as_their_ascii_letters(text: str, expected: dict[str, str]) -> None:
    found = {m.text: m.value for m in find_dates(text, datetime.date(2024, 2, 23))}
    assert found == expected


@pytest.mark.parametrize(
    "text", ["ſpring came early in the ſpring of 2020.", "We met thıs year and next weekend.", "Friday mornİng, the ſame day, the thırties"]
)
def test_a_word_the_tables_do_not_hold_gives_no_date_rather_than_an_error(text: str) -> None:
    for dct in (datetime.date(2024, 2, 23), None):
        for mention in find_dates(text, dct):
            assert text[mention.start : mention.end] == mention.text

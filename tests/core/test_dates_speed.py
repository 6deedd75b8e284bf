"""The date finder's one-pass helpers answer exactly what the windowed scans they replace answer.

Issue 9/10 (speed): each helper here finds something once per text that the finder used to
search for around every expression; these property tests hold it to the windowed search.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.core.dates import tense

REPO_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_d40578fe3dc4c4eb.txt"

# Sentence ends, abbreviations, quotes and runs of spaces and line breaks, in a few words.
_SENTENCE_PIECES = ["said", "Mr", "U.S", "Feb", "A", "7", ".", "!", "?", " ", "  ", "\n", " \n ", '"', "“", "(", ")", "’", "\u2003", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40), st.integers(min_value=1, max_value=12))
def test_sentence_index_bounds_are_the_windowed_bounds(pieces: list[str], window: int) -> None:
    text = "".join(pieces)
    index = tense.SentenceIndex(text, window)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 6) + 1):
            assert index.bounds(start, end) == tense.sentence_bounds(text, start, end, window), (text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=30))
def test_sentence_index_crossings_are_the_windowed_crossings(pieces: list[str]) -> None:
    text = "".join(pieces)
    index = tense.SentenceIndex(text)
    for lo in range(len(text) + 1):
        for hi in range(lo, len(text) + 1):
            assert index.crosses(lo, hi) == tense.crosses_sentence(text, lo, hi), (text, lo, hi)


def test_a_bare_month_inside_a_longer_date_never_reads_the_tense(monkeypatch) -> None:
    from annotator.core.dates import find_dates
    from annotator.core.dates.candidates import Context

    calls: list[tuple[int, int]] = []
    tense_of = Context.tense
    monkeypatch.setattr(Context, "tense", lambda self, start, end: calls.append((start, end)) or tense_of(self, start, end))
    text = "Talks were held on February 23, 2024, and will resume in March."
    found = {m.text: m.value for m in find_dates(text, datetime.date(2024, 2, 23))}
    assert found == {"February 23, 2024": "2024-02-23", "March": "2024-03"}
    assert calls == [(text.index("March"), text.index("March") + 5)]  # "February" lost to the full date unread


@pytest.mark.parametrize(
    ("sentence", "dct", "expected"),
    [
        # Next January would be in the year 10000: no date, as before the values were deferred.
        ("The talks will resume in January.", datetime.date(9999, 12, 15), {}),
        ("The talks were held in January.", datetime.date(9999, 12, 15), {"January": "9999-01"}),
        ("The talks were held in December.", datetime.date(1, 1, 15), {}),
        ("The talks were held in May, the minister said.", None, {"May": "XXXX-05"}),
    ],
)
def test_bare_months_at_the_ends_of_the_calendar(sentence: str, dct: datetime.date | None, expected: dict[str, str]) -> None:
    from annotator.core.dates import find_dates

    assert {m.text: m.value for m in find_dates(sentence, dct)} == expected


# Words that share first and second letters with trigger words, and the trigger words themselves.
_NEAR_TRIGGERS = (
    "the to today tonight tomorrow tomorrows tuesday tuesdays thursday thousand thanksgiving twice thrice times term terms "
    "twenties thirties th tw mar march marches may mayor monday months month morning midnight midday mid fy fiscal fall "
    "fortnight friday fridays fifties forties sep sept september separate se dec decade december decades daily day days "
    "dawn new newyear year years yearly each every everyone per percent present past pasta q3 h1 1990s 12.05.2024 10:30 ٣"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NEAR_TRIGGERS), max_size=40), st.sampled_from([" ", "-", "\n", "  "]))
def test_trigger_regex_grouped_by_two_letters_finds_what_the_plain_one_finds(words: list[str], joiner: str) -> None:
    import re

    from annotator.core.dates.candidates import TRIGGER_CLASS, TRIGGER_WORDS, TRIGGERS

    plain = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in TRIGGER_WORDS.items()) + ")")
    text = joiner.join(words)
    assert [(m.span(), TRIGGER_CLASS[m.lastgroup or ""]) for m in TRIGGERS.finditer(text)] == [(m.span(), m.lastgroup) for m in plain.finditer(text)]


_NEAR_CUES = [
    *tense._IRREGULAR_PAST,
    *"will would shall won't ’ll 'll is are was were am isn't aren’t to be going ahead of planned for than expected".split(),
    *"vowed hope hopes wants plans planning next next to as soon tomorrow coming upcoming ago earlier last yesterday already".split(),
    "will not be",
    "would have",
    "have been",
    "has long",
    "due",
    "set to",
    "expects to",
    "planned to",
    "than forecast",
    "walked",
    "Indeed",
    "needed",
    "sa",
    "saids",
    "Said",
    "TOLD",
    "wasn't",
    "was due to",
    "were set to",
    "had",
    "has been",
    "made-up",
    "ſaid",
    "led",
    "lead",
    "ledger",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NEAR_CUES), max_size=30), st.sampled_from([" ", "-", ", "]))
def test_tense_cues_with_past_forms_grouped_by_letter_are_the_cues_of_the_plain_list(words: list[str], joiner: str) -> None:
    import re

    plain = re.compile(tense._CUES.pattern.replace(tense._by_first_letter(tense._IRREGULAR_PAST), "|".join(tense._IRREGULAR_PAST)), re.IGNORECASE)
    assert plain.pattern != tense._CUES.pattern
    text = joiner.join(words)
    assert [(m.span(), m.lastgroup) for m in tense._CUES.finditer(text)] == [(m.span(), m.lastgroup) for m in plain.finditer(text)]
    # The regex for lower-cased text, its cues grouped by first letter, against the plain list.
    plain_lower = re.compile(plain.pattern.replace("(?-i:[a-z]{2,}ed)", "[a-z]{2,}ed"))
    lower = text.lower()
    grouped = [(m.span(), tense._CUE_KIND[m.lastgroup or ""]) for m in tense._CUES_LOWER.finditer(lower)]
    assert grouped == [(m.span(), m.lastgroup) for m in plain_lower.finditer(lower)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["in", "In", "IN", "é", "the", " ", "  ", "\n", "\u2003", "-", "x" * 45, "7", "_", "ǅ"]), max_size=12))
def test_the_word_before_is_the_letters_stepped_back_over_one_by_one(pieces: list[str]) -> None:
    from annotator.core.dates.candidates import Context

    text = "".join(pieces)
    ctx = Context(text, 0, text, None, lenient=False)
    for pos in range(len(text) + 1):
        segment = text[max(0, pos - 40) : pos]
        stripped = segment.rstrip()
        start = len(stripped)
        while start and stripped[start - 1] in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
            start -= 1
        assert ctx.word_before(pos) == ("" if len(stripped) == len(segment) else stripped[start:].lower()), (text, pos)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.data(), st.sampled_from(["DATE", "TIME"]), st.text(max_size=8), st.sampled_from([None, "APPROX"]))
def test_a_trusted_mention_is_the_mention_its_constructor_builds(text: str, data: st.DataObject, kind: str, value: str, mod: str | None) -> None:
    import dataclasses

    from annotator.core.dates.candidates import Candidate
    from annotator.core.dates.finder import DateMention, trusted_mentions

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    built = DateMention(start, end, text[start:end], kind, value, mod)
    [trusted] = trusted_mentions(text, [Candidate(start, end, kind, value, mod, day=True, clock="10:00")])
    assert type(trusted) is DateMention
    assert trusted == built and hash(trusted) == hash(built) and repr(trusted) == repr(built)
    assert dataclasses.asdict(trusted) == dataclasses.asdict(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        trusted.start = 1  # type: ignore[misc]


# Words that start or end rules' matches, and letters that fold oddly under IGNORECASE.
_RULE_PIECES = (
    "January JAN. may Friday the The 5th 1990s '90s 2024 12.05.2024 10:30 3 p.m. two Two a an half years year-end weeks "
    "next last fiscal FY2024 Q3 H1 ago earlier later - , ( ' ſ K İ ı ٣ SPRING Noon GMT a.m. 5th"
).split() + [" ", "\n"]
_RULE_TEXT = st.lists(st.sampled_from(_RULE_PIECES), max_size=25)


@settings(max_examples=200, deadline=None)
@given(_RULE_TEXT)
def test_every_guarded_rule_finds_what_its_plain_regex_finds(words: list[str]) -> None:
    import re

    from annotator.core.dates import finder  # noqa: F401 - registers the rules
    from annotator.core.dates.candidates import _RULE_FLAGS, RULES

    text = " ".join(words)
    for rule in RULES:
        plain = re.compile(rule.source, _RULE_FLAGS)  # as written: IGNORECASE, no guard
        found = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)], rule.source


def test_guards_hold_every_first_character_and_are_put_after_a_leading_look_behind() -> None:
    import re

    from annotator.core.dates.guards import first_characters, guarded

    flags = re.IGNORECASE | re.VERBOSE
    assert first_characters(r"(?<!\w)(?:the\s+)?(?:\d+|one)", flags) is not None
    guard = re.compile(first_characters(r"(?<!\w)(?:the\s+)?(?:\d+|one)", flags) or "", flags)
    assert all(guard.fullmatch(char) for char in "tTOo7٣") and not any(guard.fullmatch(char) for char in "ab-")
    assert guarded(r"(?<![\w(])x", flags).startswith(r"(?<![\w(])(?=")
    assert first_characters(r"(?:a)?", flags) is None  # can match nothing: no guard
    assert first_characters(r"(a)?\1b", flags) is None  # a back-reference in front is not followed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=30), st.integers(min_value=0, max_value=8), st.integers(min_value=0, max_value=8))
def test_sentence_end_regex_opening_with_its_first_character_finds_what_the_plain_one_finds(pieces: list[str], cut_lo: int, cut_hi: int) -> None:
    import re

    plain = re.compile(r"\n|[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
    text = "".join(pieces)
    lo, hi = min(cut_lo, len(text)), max(min(cut_lo, len(text)), len(text) - cut_hi)
    assert [m.span() for m in tense._SENTENCE_END.finditer(text, lo, hi)] == [m.span() for m in plain.finditer(text, lo, hi)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The F-2024 jets were delivered.", {}),
        ("Growth picked up in mid-2024, the bank said.", {"mid-2024": ("2024", "MID")}),
        ("The plan ran from 2020 - 2024.", {"2020": ("2020", None), "2024": ("2024", None)}),
    ],
)
def test_a_year_after_a_hyphen_is_checked_for_a_model_name(sentence: str, expected: dict[str, tuple[str, str | None]]) -> None:
    from annotator.core.dates import find_dates

    assert {m.text: (m.value, m.mod) for m in find_dates(sentence, datetime.date(2024, 2, 23))} == expected


def test_the_spaces_stripped_before_a_mod_word_are_every_character_isspace_holds() -> None:
    from annotator.core.dates.extents import SPACES

    assert {chr(code) for code in range(0x110000) if chr(code).isspace()} == set(SPACES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["about", "early", "mid", "-", " ", "\u2003", "\n", "more than", "of", "x", "at the latest", "or so"]), max_size=12))
def test_stripping_spaces_and_hyphens_at_once_is_the_alternating_strip(pieces: list[str]) -> None:
    from annotator.core.dates.extents import _SPACES_AND_HYPHENS

    text = "".join(pieces)
    alternating = text
    while (stripped := alternating.rstrip().rstrip("-")) != alternating:
        alternating = stripped
    assert text.rstrip(_SPACES_AND_HYPHENS) == alternating


def _plain_is_sentence_end(text: str, stop: int) -> bool:
    """The full-stop test as first written: the word before it, within 12 characters."""
    start, floor = stop, max(0, stop - 12)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start == stop or (stop - start > 1 and text[start:stop].lower() not in tense._ABBREVIATIONS)


_STOP_PIECES = ["Mr", "mrs", "SEPT", "Sept", "prof", "profs", "a", "U", "S", "_", "é", "İ", "ǅ", "٣", "x" * 11, "said", " ", "(", "-", "Inc", "ltd", ".", ". "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_STOP_PIECES), max_size=8))
def test_a_full_stop_ends_a_sentence_as_the_12_character_look_back_said(pieces: list[str]) -> None:
    import re

    text = "".join(pieces) + ". Next"
    for match in re.finditer(r"\.", text):
        assert tense._is_sentence_end(text, match) == _plain_is_sentence_end(text, match.start()), text


# Words of the rules that skip windows without what they need, and words near them.
_NEEDS_PIECES = (
    "the The week weekend Weekend of year years year-end year's end End the day before after that That same following next "
    "previous preceding prior later earlier this last coming past first final morning 3 10 1530 15 p.m. pm P.M a.m. am "
    ": h :30 GMT gmt UTC noon midday midnight quarter quarters century two months March 6 , . - – 2014 95 1990-95 ' ’ K İ ſ ı"
).split() + [" ", "  ", "\n", "the week of", "end of the", "close of this", "the start of", "the day after", "later that", "the same"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NEEDS_PIECES), max_size=16), st.sampled_from(["", " "]), st.data())
def test_a_window_without_what_a_rule_needs_holds_no_match_of_it(pieces: list[str], joiner: str, data: st.DataObject) -> None:
    from annotator.core.dates import finder  # noqa: F401 - registers the rules
    from annotator.core.dates.candidates import RULES

    text = joiner.join(pieces)
    lower = text.lower()
    if len(lower) != len(text) or "ı" in text or "ſ" in text:
        return  # the scan reads every window of such a text
    lo = data.draw(st.integers(min_value=0, max_value=len(text)))
    hi = data.draw(st.integers(min_value=lo, max_value=len(text)))
    needing = [rule for rule in RULES if rule.needs is not None]
    assert len(needing) >= 10
    for rule in needing:
        for window in ((0, len(text)), (lo, hi)):
            if rule.pattern.search(text, *window) is not None:
                assert rule.needs.search(lower, max(0, window[0] - rule.needs_back), window[1]) is not None, (
                    rule.handler.__name__,
                    text[window[0] : window[1]],
                )


def test_the_characters_ignorecase_lets_match_an_ascii_letter_are_its_cases_and_the_listed_few() -> None:
    import re

    from annotator.core.dates.cased import _cases

    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert {ord(char) for char in re.findall(letter, every, re.IGNORECASE)} == set(_cases(ord(letter))), letter


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"(?<![\w-])(?P<a>ab|[x-z]c)(?-i:D)?\s{2,}x*?(?P=a)(?>q)\b[^a]", ["AB  Dxxab Q!", "ab  XAB q!", "-ab  abq!", "zc  ZCqz", "ab  abqa"]),
        (
            r"(?:(?P<w>will|shall)\s+)?(?P<n>\d{1,3}(?:,\d{3})*)\s*(?P<u>days?|weeks?)(?!\w)",
            ["WILL 1,000 DAYS", "shall 3weeks", "ſhall 2 dayſ", "Will 4 dayss"],
        ),
        (r"[^\s@]+@[a-z]+\.(?:com|org)|K\d|µs|[\wé]x", ["a@B.COM x", "K9 k9 \u212a9", "µs Μs", "éx Éx _x"]),
    ],
)
def test_a_pattern_written_case_sensitively_finds_what_it_found_under_ignorecase(pattern: str, texts: list[str]) -> None:
    import re

    from annotator.core.dates.cased import case_sensitive

    written, flags = case_sensitive(pattern, re.IGNORECASE)
    assert not flags & re.IGNORECASE
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in re.finditer(written, text, flags)] == [
            (m.span(), m.groupdict()) for m in re.finditer(pattern, text, re.IGNORECASE)
        ], text


@pytest.mark.parametrize("rel", ["last", "Last", "past", "next", "NEXT", "coming", "this", None])
def test_a_direction_that_rel_fixes_is_the_one_every_tense_gives(rel: str | None) -> None:
    from annotator.core.dates import resolve

    fixed = resolve.fixed_direction(rel)
    given = {resolve.direction(tense, rel) for tense in ("past", "present", "future", None)}
    assert (fixed is not None) == (len(given) == 1 and rel is not None and rel.lower() != "this")
    if fixed is not None:
        assert given == {fixed}


_SPAN_PIECES = (
    "Friday, March 5, 2024 the 5th of May 12 March 2018 in May May Theresa May March for Life 2016-07-14 1990-95 2014-15 F-2024 mid-2024 "
    "last year next week this weekend the weekend 3 p.m. 10:30 1530 GMT noon high noon yesterday afternoon two years ago "
    "the following day a year earlier the year-ago period the quarter the latest quarter fiscal 2020-21 FY21 Christmas Easter "
    "the 1990s the fifties in his fifties the 21st century every Monday twice a week daily recently now the future current "
    "the first quarter Q3 2024 the second half the year-end nineteen ninety-six the week of March 6 spring last spring"
).split() + [" ", "  ", "\n", ",", ".", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SPAN_PIECES), max_size=30), st.sampled_from([None, datetime.date(2024, 2, 23), datetime.date(9999, 12, 30)]))
def test_a_rule_said_to_keep_its_span_returns_candidates_spanning_its_match(pieces: list[str], dct: datetime.date | None) -> None:
    from annotator.core.dates import finder, resolve
    from annotator.core.dates.candidates import RULES, Context

    text = " ".join(pieces)
    keeping = [rule for rule in RULES if rule.keeps_span]
    assert len(keeping) >= len(RULES) - 2 and {rule.handler.__name__ for rule in RULES if not rule.keeps_span} == {"_duration", "_the_year"}
    for lenient in (False, True):
        ctx = Context(text, 0, text, finder._normalise_dct(dct), lenient)
        for rule in keeping:
            for match in rule.pattern.finditer(text):
                try:
                    candidate = rule.handler(match, ctx)
                except resolve.OutsideCalendar:
                    continue
                if candidate is not None:
                    assert (candidate.start, candidate.end) == match.span(), (rule.handler.__name__, text)


def test_the_handlers_called_once_a_match_is_chosen_give_the_mentions_of_calling_every_handler() -> None:
    from annotator.core.dates import finder
    from annotator.core.dates.candidates import Context

    text = (REPO_SEED.read_text(encoding="utf-8") + " On Friday, March 5, 2024, and in May 2019 (2014-15), the year ended March 31.") * 3
    dct = datetime.date(2024, 2, 23)
    eager = finder._scan_rules(Context(text, 0, text, dct, lenient=False), True, lazy=False)
    assert finder._scan_rules(Context(text, 0, text, dct, lenient=False), True, lazy=True) == eager
    assert len(eager) > 20


def test_a_handler_that_moves_its_span_makes_the_scan_call_every_handler(monkeypatch) -> None:
    from annotator.core.dates import finder
    from annotator.core.dates.candidates import RULES

    text = "Talks were held on 12 March 2018 and in May 2019."
    dct = datetime.date(2024, 2, 23)
    before = finder.find_dates(text, dct)
    index = next(i for i, rule in enumerate(RULES) if rule.handler.__name__ == "_month_year")
    handler = RULES[index].handler
    moved = lambda match, ctx: (c := handler(match, ctx)) and c._replace(start=c.start + 1)  # noqa: E731 - a handler that breaks its promise
    monkeypatch.setattr(finder, "RULES", [*RULES[:index], dataclasses.replace(RULES[index], handler=moved), *RULES[index + 1 :]])
    calls: list[bool] = []
    scan = finder._scan_rules
    monkeypatch.setattr(finder, "_scan_rules", lambda ctx, windowed, lazy: calls.append(lazy) or scan(ctx, windowed, lazy))
    after = finder.find_dates(text, dct)
    assert calls == [True, False]  # the lazy scan gave up at the moved span
    assert [m.text for m in after] == [m.text for m in before if m.text != "May 2019"] + ["ay 2019"]


_VALUE_PIECES = ["0", "1", "2", "9", "00", "02", "12", "13", "29", "30", "31", "-", "T", "X", "W", "Q", "٣", "P", "2024", "1900", "0000"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_VALUE_PIECES), max_size=6),
    st.sampled_from(["DATE", "TIME", "DURATION", "SET", "date"]),
    st.sampled_from([None, "APPROX", "END", "NEARLY"]),
)
def test_the_quick_check_of_a_year_or_a_day_is_the_validation(pieces: list[str], kind: str, mod: str | None) -> None:
    from annotator.core.dates.finder import is_valid_timex
    from annotator.core.dates.timex import validate_timex

    value = "".join(pieces)
    assert is_valid_timex(kind, value, mod) == (validate_timex(kind, value, mod) is None), (kind, value, mod)


@pytest.mark.parametrize(
    "value", ["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "٢٠٢٤"]
)
def test_the_quick_check_knows_the_calendar(value: str) -> None:
    from annotator.core.dates.finder import is_valid_timex
    from annotator.core.dates.timex import validate_timex

    assert is_valid_timex("DATE", value, None) == (validate_timex("DATE", value, None) is None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the following day" takes the day named last; a vague "PAST_REF" in between is not a day.
        ("Talks began on 12 March 2018. Recently, they stalled, and resumed the following day.", "2018-03-13"),
        ("Talks began in 2017 and on 12 March 2018, then ended the following year.", "2019"),
    ],
)
def test_an_anaphor_reads_the_newest_concrete_date_before_it(text: str, expected: str) -> None:
    from annotator.core.dates import find_dates

    assert find_dates(text, datetime.date(2024, 2, 23))[-1].value == expected


_AMOUNT_PIECES = (
    "a an A one One ONE two twenty twenty-one thirty-five ninety nine nineteen seventeen ten a hundred one hundred hundred "
    "a dozen dozen dozens dozens of a few few several many some a number of hundreds of a couple of couple 5 1/2 12 1,000 "
    "1,000,000 2.5 1234567 and a half years year days weeks times more - , . ſome ſeveral"
).split() + [" ", "  ", "\n", "-"]
_AMOUNT_CONTEXTS = (r"(?P<n>{})", r"(?P<n>{})(?:\s+|-)(?P<u>years?|days?|weeks?)(?!\w)", r"(?P<n>{})\s+times", r"(?:(?P<n>{})\s+)?weeks")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_AMOUNT_PIECES), max_size=14), st.sampled_from(["", " ", "-"]))
def test_the_amount_grouped_by_first_letter_matches_what_it_matched_as_written(pieces: list[str], joiner: str) -> None:
    import re

    from annotator.core.dates import lexicon

    text = joiner.join(pieces)
    for context in _AMOUNT_CONTEXTS:
        grouped = re.compile(context.format(lexicon.AMOUNT), re.IGNORECASE)
        written = re.compile(context.format(lexicon.AMOUNT_AS_WRITTEN), re.IGNORECASE)
        for start in range(len(text) + 1):
            new, old = grouped.match(text, start), written.match(text, start)
            assert (new and (new.span(), new.groupdict())) == (old and (old.span(), old.groupdict())), (context, text, start)


def test_the_sentence_index_is_built_only_once_windowed_look_ups_would_have_paid_for_it(monkeypatch) -> None:
    from annotator.core.dates import candidates, find_dates

    few = "Talks resumed on Friday. " + "Nothing happened. " * 400
    many = "Talks resumed on Friday, and will go on until Monday. " * 60
    built: list[int] = []
    index = candidates.SentenceIndex
    monkeypatch.setattr(candidates, "SentenceIndex", lambda text: built.append(len(text)) or index(text))
    dct = datetime.date(2024, 2, 23)
    assert [m.value for m in find_dates(few, dct)] == ["2024-02-23"] and built == []
    found = find_dates(many, dct)
    assert built == [len(many)] and len(found) == 120
    monkeypatch.setattr(candidates, "_CHARACTERS_PER_LOOK_UP", 0)  # never built: the windowed look-ups give the same
    assert find_dates(many, dct) == found and built == [len(many)]


_AT_TRIGGER_PIECES = (
    "January JANUARY Jan. Sept. May March of 2024 1999 last this next year 12 5 2024-02-23 2014-15-2014 12.05.2024 1/2/2024 "
    "12/05/2024 2024-02-23T10:30 10:30 5 pm new year boxing day 1990s Q3 FY2024 mid- -"
).split() + [" ", "  ", "\n", ",", ".", "-", "/", "(", "x", "_", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_AT_TRIGGER_PIECES), max_size=24), st.sampled_from(["", " ", "-", "/"]))
def test_a_rule_said_to_start_at_its_triggers_starts_every_match_at_one(pieces: list[str], joiner: str) -> None:
    from annotator.core.dates import finder
    from annotator.core.dates.candidates import RULES

    text = joiner.join(pieces)
    lower = text.lower()
    assert len(lower) == len(text)
    triggers = finder._triggers(lower)
    flagged = [rule for rule in RULES if rule.starts_at_trigger]
    assert {rule.handler.__name__ for rule in flagged} == {"_numeric_date", "_month_year"}
    for rule in flagged:
        starts = {start for name in rule.triggers for start, _ in triggers[name]}
        for match in rule.pattern.finditer(text):
            assert match.start() in starts, (rule.handler.__name__, text, match.span())
        # and the matches tried at the triggers are the matches the windows' scan finds
        joined: dict = {}
        windows = finder._windows(rule, triggers, len(text), joined)
        scanned = [match.span() for lo, hi, _ in windows for match in rule.pattern.finditer(text, lo, hi)]
        if windows:
            entries = finder._match_at_triggers(rule, 0, windows, joined[rule.triggers], text, iter(range(10**6)), True, None)  # type: ignore[arg-type]
            assert [(start, start - negative) for negative, _, start, *_ in entries] == scanned
        else:
            assert scanned == []


def _windows_and_matches(text: str) -> Iterator[tuple[object, tuple[int, int, int], list[tuple[int, int]]]]:
    """Each rule's windows in ``text``, with every match a scan of the whole window finds."""
    from annotator.core.dates import finder
    from annotator.core.dates.candidates import RULES

    triggers = finder._triggers(text.lower())
    joined: dict = {}
    for rule in RULES:
        for window in finder._windows(rule, triggers, len(text), joined):
            lo, hi, _ = window
            yield rule, window, [match.span() for match in rule.pattern.finditer(text, lo, hi)]


@settings(max_examples=300, deadline=None)
@given(_RULE_TEXT, st.sampled_from([" ", "", "-", "\n"]))
@example(words=["5th", " ", "JAN.", "JAN.", "may", "-", "1990s"], joiner=" ")  # a window that ends inside "1990s"
def test_no_match_in_a_window_starts_after_its_last_trigger_word(words: list[str], joiner: str) -> None:
    # What lets the scan stop reading a window once a match has passed its last trigger word.
    text = joiner.join(words)
    if len(text.lower()) != len(text):
        return  # such a text is scanned whole, as one window
    for rule, (lo, hi, last), matches in _windows_and_matches(text):
        assert lo <= last < hi
        for start, end in matches:
            # A window may end inside a word, where a rule's look-ahead sees the window's end and
            # matches a cut word ("1990" of "1990s"): that match is the window's, not the text's.
            cut = end == hi < len(text) and (text[hi].isalnum() or text[hi] == "_")
            assert start <= last or cut, (rule.source, text, (start, end), last)  # type: ignore[attr-defined]


def test_no_match_in_a_window_starts_after_its_last_trigger_word_in_the_gold_texts() -> None:
    gold = json.loads((Path(__file__).parent / "dates_gold.json").read_text(encoding="utf-8"))
    for document in gold["documents"]:
        text = document["text"] if "text" in document else (REPO_SEED.parents[1] / document["file"]).read_text(encoding="utf-8")
        for rule, (_lo, _hi, last), matches in _windows_and_matches(text):
            assert all(start <= last for start, _ in matches), (rule.source, document["id"])  # type: ignore[attr-defined]

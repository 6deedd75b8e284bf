"""The date finder on hostile input: calendar ends, pathological tokens, arbitrary text.

Promises (issue 15): a date at either end of the calendar gives no date or a valid value, never
an exception; every pattern runs in linear time on any input, which is checked by comparing the
time on an input with the time on one ten times longer (a quadratic pattern takes a hundred
times longer), never by an absolute time; the real ``annotator dates`` command survives it all.
"""

from __future__ import annotations

import base64
import datetime
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.dates import find_dates, normalise_span, validate_timex
from tests.faults._support import assert_no_traceback, run_cli

FIRST_DAY, LAST_DAY = datetime.date.min, datetime.date.max

# Text that names a time relative to the reference day, one expression of each kind.
RELATIVE = (
    "tomorrow, yesterday, today, tonight, the day after tomorrow, the day before yesterday, "
    "next week, last week, this weekend, the weekend, next month, last month, next year, last year, "
    "next decade, the last century, next quarter, last quarter, the third quarter, on Friday, said Monday, "
    "will meet Saturday, in January, last December, next spring, last winter, on March 3, by June 30, "
    "three days ago, 2,000 years ago, a decade ago, in 10 years, two weeks later, the following day, now, "
    "the coming years, every Monday, at 3 p.m. Tuesday, late Friday, fiscal 2020-21, from 2010 to 2015."
)


def _assert_valid(text: str, mentions: list) -> None:
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert validate_timex(mention.type, mention.value, mention.mod) is None, mention
        previous_end = mention.end


@pytest.mark.parametrize("dct", [FIRST_DAY, FIRST_DAY + datetime.timedelta(days=3), LAST_DAY - datetime.timedelta(days=3), LAST_DAY])
def test_relative_dates_at_the_ends_of_the_calendar_are_valid_or_absent(dct: datetime.date) -> None:
    mentions = find_dates(RELATIVE, dct)
    _assert_valid(RELATIVE, mentions)
    values = {m.text: m.value for m in mentions}
    if dct == LAST_DAY:
        assert "tomorrow" not in values and "next year" not in values
        assert values["yesterday"] == "9999-12-30" and values["last year"] == "9998"
    if dct == FIRST_DAY:
        assert "yesterday" not in values and "last year" not in values
        assert values["tomorrow"] == "0001-01-02" and values["next year"] == "0002"


def test_a_hand_tagged_span_at_the_calendar_end_reads_as_no_value() -> None:
    # The window tags the span either way; only the value is left for the user to fill in.
    text = "The court will rule tomorrow."
    start = text.index("tomorrow")
    assert normalise_span(text, start, start + len("tomorrow"), LAST_DAY) is None
    mention = normalise_span(text, start, start + len("tomorrow"), LAST_DAY - datetime.timedelta(days=1))
    assert mention is not None and mention.value == "9999-12-31"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_at_the_ends_of_the_calendar(tmp_path: Path) -> None:
    dated = _write(tmp_path / "dated.txt", "Headline\n\nDecember 31, 9999\n\nThe court will rule tomorrow, it said yesterday.\n")
    plain = _write(tmp_path / "plain.txt", "It happened yesterday, and again the day before yesterday.\n")
    result = run_cli("dates", str(dated), timeout=120)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["dct"] == "9999-12-31"
    values = {d["text"]: d["value"] for d in record["dates"]}
    assert "tomorrow" not in values and values["yesterday"] == "9999-12-30"
    result = run_cli("dates", "--dct", "0001-01-01", str(plain), timeout=120)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["dates"] == []


def _blob(size: int) -> str:
    return base64.b64encode(random.Random(size).randbytes(size)).decode("ascii")[:size]


# Each makes a text of about ``size`` characters that once drove a pattern to retry the rest of
# the text at every position, or that is dense in what the rules look for.
HOSTILE: dict[str, Callable[[int], str]] = {
    "base64 blob": _blob,
    "digits": lambda size: "7" * size,
    "at signs": lambda size: "a@" * (size // 2),
    "spaces": lambda size: " " * size,
    "full stops": lambda size: ". " * (size // 2),
    "one word": lambda size: "x" * size,
    "hyphens": lambda size: "-" * size,
    "digit groups": lambda size: "1,000" * (size // 5),
    "decimal points": lambda size: "1." * (size // 2),
    "colons": lambda size: "1:" * (size // 2),
    "url": lambda size: "https://" + "a/" * (size // 2),
    "control characters": lambda size: "".join(chr(code) for code in range(32)) * (size // 32),
    "date words": lambda size: "said Friday, the past two years in May 2024 every " * (size // 50),
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        find_dates(text, datetime.date(2024, 2, 23))
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_pattern_is_linear(kind: str) -> None:
    small, large = HOSTILE[kind](20_000), HOSTILE[kind](200_000)
    _assert_valid(large, find_dates(large, datetime.date(2024, 2, 23)))
    # Linear: about 10 times the time for 10 times the text; quadratic: about 100 times.
    # A floor of a millisecond keeps timer noise on tiny times from deciding.
    ratio = _seconds(large) / max(_seconds(small), 1e-3)
    assert ratio < 35, f"{kind}: {ratio:.0f} times slower on 10 times the text"


def test_cli_on_one_long_base64_token(tmp_path: Path) -> None:
    blob = _write(tmp_path / "blob.txt", "Dated March 3, 2024: " + _blob(100_000) + "\n")
    result = run_cli("dates", "--dct", "2024-03-04", str(blob), timeout=120)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert [d["value"] for d in json.loads(result.stdout)["dates"]] == ["2024-03-03"]


def test_bad_numbers_give_no_date_or_a_valid_one() -> None:
    text = "It lasted " + "9" * 10_000 + " days, on 31 February, on February 30, 2023, in year 99999 and 99999 years ago, on 2023-02-29."
    mentions = find_dates(text, datetime.date(2024, 2, 23))
    _assert_valid(text, mentions)
    texts = [m.text for m in mentions]
    assert not any("9" * 20 in t or "31 February" in t or "February 30" in t or "99999 years ago" in t for t in texts), texts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.one_of(st.none(), st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)))
def test_the_finder_never_raises_on_arbitrary_text(text: str, dct: datetime.date | None) -> None:
    _assert_valid(text, find_dates(text, dct))


_WORDS = RELATIVE.replace(",", " ,").replace(".", " .").split() + ["9999", "0001", "10000", "\x00", "\u2028", "🙂", "99999999", "May"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=30),
    st.one_of(
        st.dates(min_value=FIRST_DAY, max_value=FIRST_DAY + datetime.timedelta(days=800)),
        st.dates(),
        st.dates(min_value=LAST_DAY - datetime.timedelta(days=800)),
    ),
)
def test_the_finder_never_raises_near_the_ends_of_the_calendar(words: list[str], dct: datetime.date) -> None:
    text = " ".join(words)
    mentions = find_dates(text, dct)
    _assert_valid(text, mentions)
    for mention in mentions:
        start = mention.start
        again = normalise_span(text, start, mention.end, dct)
        assert again is None or validate_timex(again.type, again.value, again.mod) is None

"""Period rules: quarters and halves (calendar and fiscal), clock times, and "earlier this week" /
"the end of the month" (parts of the current unit). Each is registered with ``candidates.rule``."""

from __future__ import annotations

import re

from annotator.core.dates import resolve as cal
from annotator.core.dates.candidates import Candidate, Context, rule
from annotator.core.dates.lexicon import YEAR, YEAR_END, parse_ordinal


@rule(
    rf"""(?<!\w)
    (?: (?:the\s+)?(?:(?P<py>{YEAR})\s+|(?P<prel>last|this|next)\s+year['’]s\s+)?(?P<fiscal>fiscal[\s-]+)?
        (?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?P<kind>quarter|half)
        (?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{YEAR}){YEAR_END}|(?P<rel>last|this|next)\s+year|(?P<this>the|this)\s+year))?
      | (?P<code>Q[1-4]|H[12])\s+(?P<cy>{YEAR}){YEAR_END}
    )(?!\w)""",
    triggers=("quarter", "half", "code"),
    reach=(40, 30),
)
def _quarter(match: re.Match[str], ctx: Context) -> Candidate | None:
    if match["code"]:
        return Candidate(match.start(), match.end(), "DATE", f"{match['cy']}-{match['code'].upper()}")
    kind = "Q" if match["kind"].lower() == "quarter" else "H"
    period = 4 if kind == "Q" else 2
    ordinal_word = match["ord"].lower()
    index = period if ordinal_word in ("final", "last") else int(parse_ordinal(ordinal_word) or 0)
    if not 1 <= index <= period:
        return None
    explicit = match["y"] or match["rel"] or match["this"] or match["py"] or match["prel"]
    if not explicit and (kind == "H" or _OF_A_WHOLE.match(ctx.text, match.end())):
        return None  # "the second half of the match", "the last quarter of the century"
    if match["y"] or match["py"]:
        year = match["y"] or match["py"]
    elif match["rel"] or match["this"] or match["prel"]:
        steps = {"last": -1, "next": 1}.get((match["rel"] or match["prel"] or "").lower(), 0)
        year = cal.year_text(ctx.dct.year + steps) if ctx.dct else "XXXX"
    elif ctx.dct is None:
        year = "XXXX"
    else:
        # Quarters are reported just after they end and forecast just before they begin, so
        # the nearest one is meant whatever the tense ("will report third-quarter results").
        # A fiscal quarter is numbered from another month than January, so "nearest" means
        # nothing: unless a future tense announces it, it has begun (it is being reported), and
        # it is the latest one so numbered.
        past = match["fiscal"] is not None and ctx.tense(match.start(), match.end()) != "future"
        return Candidate(match.start(), match.end(), "DATE", cal.resolve_quarter(index, ctx.dct, "past" if past else "near"))
    return Candidate(match.start(), match.end(), "DATE", f"{year}-{kind}{index}")


# "the last quarter of the century" is a part of something; "the second quarter of $8 million" a period.
_OF_A_WHOLE = re.compile(r"\s+of\b(?!\s*[$€£\d])", re.IGNORECASE)


_CLOCK_CONTEXT = frozenset("at from until till by before after around about since to between and".split())


@rule(
    r"""(?<![\w:.,])
    (?: (?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?
      | (?P<h24>[01]?\d|2[0-3])[:h](?P<m24>[0-5]\d)(?!\d)
      | (?P<hhmm>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?=\s*(?:GMT|UTC))
      | (?P<word>noon|midday|midnight)
    )
    (?:\s*(?P<tz>GMT|UTC|EST|EDT|CET|CEST|BST|MSK|local\s+time|Moscow\s+time|Kyiv\s+time))?
    (?!\w)""",
    triggers=("clocktime", "numdate", "clock"),
    reach=(0, 25),
    # am/pm, a 24-hour clock, the time zone that a four-digit time is seen by, or a word.
    needs=r"[ap]\.?\s?m|\d[:h]\d|gmt|utc|noon|midday|midnight",
)
def _clock(match: re.Match[str], ctx: Context) -> Candidate | None:
    if match["ampm"]:
        hour = int(match["h"]) % 12 + (12 if match["ampm"].lower() == "p" else 0)
        minute = int(match["m"] or 0)
    elif match["h24"]:
        if not ctx.lenient and match["tz"] is None and ctx.word_before(match.start()) not in _CLOCK_CONTEXT:
            return None  # "3:30" alone may be a score, a ratio or a verse
        hour, minute = int(match["h24"]), int(match["m24"])
    elif match["hhmm"]:
        hour, minute = int(match["hhmm"]), int(match["mm"])
    else:
        if not ctx.lenient and ctx.word_before(match.start()) == "high":
            return None  # "high noon" is the decisive moment, not a time of day
        # ISO 8601 writes the midnight that ends a day as 24:00.
        hour, minute = (24, 0) if match["word"].lower() == "midnight" else (12, 0)
    clock = f"{hour:02d}:{minute:02d}"
    day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return Candidate(match.start(), match.end(), "TIME", f"{day}T{clock}", clock=clock)


@rule(
    r"(?<!\w)(?:earlier|later)\s+this\s+(?P<unit>week|month|year)(?!\w)",
    triggers=("sequence",),
    reach=(0, 20),
)
def _earlier_this(match: re.Match[str], ctx: Context) -> Candidate | None:
    return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, match["unit"].lower(), 0))


@rule(
    r"(?<!\w)(?:the\s+)?(?:very\s+)?(?P<pos>start|beginning|middle|end|close)\s+of\s+(?:the|this)\s+(?P<unit>week|month|year|decade|century)(?!\w)",
    triggers=("unit", "century"),
    reach=(35, 10),
    needs=r"of\s+th",
)
def _part_of_current(match: re.Match[str], ctx: Context) -> Candidate | None:
    mod = {"start": "START", "beginning": "START", "middle": "MID"}.get(match["pos"].lower(), "END")
    return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, match["unit"].lower(), 0), mod)

"""Deterministic news-like articles and spans for the benchmark (no Qt, no I/O).

Text comes from a small vocabulary and a sentence generator driven by a seeded
``random.Random``, so every run measures exactly the same inputs. Spans are word
ranges: about 80% of them disjoint, the rest nested inside, wrapped around or
overlapping one of those, with the labels actor/claim/date.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

LABELS = ("actor", "claim", "date")

_ACTORS = (
    "Prime Minister Nikol Pashinyan",
    "the Kremlin",
    "President Emmanuel Macron",
    "the European Commission",
    "Chancellor Olaf Scholz",
    "the United Nations",
    "Foreign Minister Ana Brnabić",
    "the Interior Ministry",
    "opposition leader Maria Kolesnikova",
    "the central bank",
    "NATO Secretary General",
    "the trade union",
    "Governor José Álvarez",
    "the World Health Organization",
    "a government spokesperson",
    "local officials",
)
_SPEECH = ("said", "told reporters", "announced", "warned", "insisted", "claimed", "argued", "stated", "denied")
_CLAIMS = (
    "the talks had collapsed",
    "inflation would fall below three percent",
    "the border would reopen",
    "no agreement had been reached",
    "the sanctions were working",
    "troops would withdraw from the region",
    "the budget deficit was under control",
    "elections would be held as planned",
    "the report was inaccurate",
    "new measures were needed to protect workers",
    "the ceasefire had been violated",
    "prices would rise again",
)
_DATES = (
    "on Friday",
    "on Monday",
    "last year",
    "in March 2023",
    "on February 23, 2024",
    "earlier this week",
    "two days ago",
    "next month",
    "in 2021 and 2022",
    "on Tuesday evening",
    "at the end of last year",
    "since January",
)
_FILLER = (
    "The decision drew criticism from neighbouring countries.",
    "Analysts said the move was largely symbolic.",
    "The ministry did not respond to a request for comment.",
    "Protests continued in the capital for a third day.",
    "Markets reacted calmly to the news.",
    "Details of the agreement were not made public.",
    "The café near the parliament stayed closed — a rare sight.",
    "Officials expect a final vote within weeks.",
)
_HEADLINES = ("Talks Stall as", "Government Says", "Officials Warn", "Leaders Meet as", "Report Finds", "Minister Denies")

_WORD = re.compile(r"\w+")


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    actor, speech, claim, date = rng.choice(_ACTORS), rng.choice(_SPEECH), rng.choice(_CLAIMS), rng.choice(_DATES)
    if kind < 0.35:
        return f"{actor[0].upper()}{actor[1:]} {speech} {date} that {claim}."
    if kind < 0.6:
        return f"“{claim[0].upper()}{claim[1:]},” {actor} {speech} {date}."
    if kind < 0.8:
        return f"{date[0].upper()}{date[1:]}, {actor} {speech} that {claim}."
    return rng.choice(_FILLER)


def make_text(rng: random.Random, length: int, *, single_paragraph: bool = False) -> str:
    """About ``length`` characters of news prose, cut at a sentence end."""
    parts: list[str] = []
    size = 0
    while size < length:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(paragraph)
        size += len(paragraph) + (1 if single_paragraph else 2)
    return (" " if single_paragraph else "\n\n").join(parts)


def make_headline(rng: random.Random, number: int) -> str:
    return f"{rng.choice(_HEADLINES)} {rng.choice(_ACTORS).split()[-1].title()} Responds ({number})"


@dataclass(frozen=True)
class SpanSpec:
    id: str
    start: int
    end: int
    label: str


def make_spans(rng: random.Random, text: str, count: int, nested_share: float = 0.2) -> list[SpanSpec]:
    """``count`` spans over word ranges of ``text``; ``nested_share`` of them nest in or overlap another."""
    if count <= 0:
        return []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    base_count = max(1, round(count * (1 - nested_share)))
    slot = len(words) / base_count
    if slot < 2:
        raise ValueError(f"text of {len(words)} words is too short for {count} spans")
    ranges: list[tuple[int, int]] = []  # word index ranges [a, b] inclusive
    for number in range(base_count):
        low, high = int(number * slot), int((number + 1) * slot) - 1  # one word of gap between slots
        width = rng.randint(1, max(1, min(4, high - low)))
        a = rng.randint(low, max(low, high - width))
        ranges.append((a, min(a + width - 1, high - 1 if high - 1 >= a else a)))
    seen: set[tuple[int, int, str]] = set()
    specs: list[SpanSpec] = []

    def add(a: int, b: int, label: str) -> bool:
        start, end = words[a][0], words[b][1]
        key = (start, end, label)
        if key in seen:
            return False
        seen.add(key)
        specs.append(SpanSpec(f"s{len(specs) + 1}", start, end, label))
        return True

    for a, b in ranges:
        add(a, b, rng.choice(LABELS))
    attempts = 0
    while len(specs) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError("could not place enough nested spans")
        a, b = rng.choice(ranges)
        mode = rng.random()
        if mode < 0.4 and b > a:  # nested inside
            x = rng.randint(a, b)
            y = rng.randint(x, b)
            if (x, y) == (a, b):
                continue
        elif mode < 0.7:  # wraps around
            x, y = max(0, a - rng.randint(0, 2)), min(len(words) - 1, b + rng.randint(1, 2))
        else:  # overlaps the end
            x = rng.randint(a, b)
            y = min(len(words) - 1, b + rng.randint(1, 3))
        add(x, y, rng.choice(LABELS))
    return specs

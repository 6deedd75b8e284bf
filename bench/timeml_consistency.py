"""How consistent the TimeML gold is with itself: what no rule of a date finder can follow.

Two measures over the gold alone (the finder plays no part):

* **tag coverage:** a phrase the gold tags somewhere (``now``, ``recently``, ``the future``) and
  how many of its uses in the texts are tagged at all. A use counts when it is spelt as one of the
  gold's tagged spellings (so the modal "may" is not counted for the month "May") and is covered
  by a gold TIMEX3, in whole or as part of a longer one ("right now").
* **value conventions:** one phrase whose gold values take several shapes (``last week``:
  ``1989-WXX`` in some documents, ``1998-W33`` in others), digits folded to 9 so that different
  dates of one convention count as one shape.
"""

from __future__ import annotations

import bisect
import collections
import re
from dataclasses import dataclass

_CUE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){0,2}")
_DETERMINER = re.compile(r"^(?:the|a|an) ", re.IGNORECASE)


@dataclass(frozen=True)
class Coverage:
    phrase: str
    uses: int
    tagged: int


@dataclass(frozen=True)
class Convention:
    phrase: str
    shapes: tuple[tuple[str, int], ...]  # value shape and how many gold TIMEX3 have it, most first


def tag_coverage(documents, *, min_uses: int = 8, min_tagged: int = 3) -> list[Coverage]:  # noqa: ANN001 - timeml_eval.Document
    """Phrases of letters (up to three words) that the gold tags at least ``min_tagged`` times and
    that are used at least ``min_uses`` times, with fewer than nine in ten of their uses tagged;
    the most often untagged first."""
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    tagged_count: collections.Counter[str] = collections.Counter()
    for document in documents:
        for gold in document.gold:
            if _CUE.fullmatch(gold.text):
                spellings[gold.text.lower()].add(gold.text)
                tagged_count[gold.text.lower()] += 1
    starts = [[gold.start for gold in document.gold] for document in documents]
    found: list[Coverage] = []
    for phrase, forms in spellings.items():
        if tagged_count[phrase] < min_tagged:
            continue
        pattern = re.compile(r"(?<![A-Za-z])(?:" + "|".join(re.escape(form) for form in sorted(forms)) + r")(?![A-Za-z])")
        uses = tagged = 0
        for document, gold_starts in zip(documents, starts, strict=True):
            for match in pattern.finditer(document.text):
                uses += 1
                tagged += _covered(document.gold, gold_starts, match.start(), match.end())
        if uses >= min_uses and tagged < 0.9 * uses:
            found.append(Coverage(phrase, uses, tagged))
    return sorted(found, key=lambda row: (row.tagged - row.uses, row.phrase))


def _covered(gold, starts: list[int], start: int, end: int) -> bool:  # noqa: ANN001 - tuple of timeml_eval.Gold
    """Whether a gold TIMEX3 overlaps ``start:end`` (TE3's relaxed match). The gold is sorted by start
    and its TIMEX3 never overlap one another (none do in TBAQ), so only the last one that starts
    before ``end`` can."""
    index = bisect.bisect_left(starts, end) - 1
    return index >= 0 and gold[index].end > start


def value_conventions(documents, value_shape, *, min_count: int = 5) -> list[Convention]:  # noqa: ANN001 - timeml_eval's
    """Phrases (a leading determiner dropped) tagged at least ``min_count`` times whose gold values
    take two or more shapes, each of them at least twice; the most often tagged first."""
    shapes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for document in documents:
        for gold in document.gold:
            shapes[_DETERMINER.sub("", gold.text.lower())][value_shape(gold.value)] += 1
    found = []
    for phrase, counter in shapes.items():
        common = [(shape, count) for shape, count in counter.most_common() if count >= 2]
        if sum(counter.values()) >= min_count and len(common) >= 2:
            found.append(Convention(phrase, tuple(common)))
    return sorted(found, key=lambda row: (-sum(count for _, count in row.shapes), row.phrase))


def print_consistency(documents, value_shape, examples: int) -> None:  # noqa: ANN001 - timeml_eval's
    coverage = tag_coverage(documents)
    untagged = sum(row.uses - row.tagged for row in coverage)
    print(f"gold consistency (the data alone): {len(coverage)} phrases tagged in only part of their uses, {untagged} uses untagged")
    print("  uses / tagged: " + ", ".join(f"{row.phrase!r} {row.uses}/{row.tagged}" for row in coverage[:examples]))
    conventions = value_conventions(documents, value_shape)
    print(f"  one phrase, several value shapes ({len(conventions)} phrases):")
    for row in conventions[:examples]:
        print(f"    {row.phrase!r}: " + ", ".join(f"{shape} {count}" for shape, count in row.shapes))

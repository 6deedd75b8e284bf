"""Span agreement: one-to-one matching of two coders' spans, exact and overlapping (lenient).

Exact: same start, end and label. Overlapping: same label and at least one shared code point;
each span is matched at most once, the pairs with the largest overlap first (ties: the nearer
starts, then file order), so the result does not depend on which coder comes first.
F1 = 2 * matched / (spans of A + spans of B), which is symmetric; against a reference coder,
precision = matched / spans of the other coder, recall = matched / spans of the reference.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.model import Span


def match_spans(first: Iterable[Span], second: Iterable[Span], *, exact: bool) -> list[tuple[Span, Span]]:
    a, b = list(first), list(second)
    if exact:
        keyed = {(s.start, s.end, s.label): s for s in b}
        pairs = []
        for span in a:
            other = keyed.pop((span.start, span.end, span.label), None)
            if other is not None:
                pairs.append((span, other))
        return pairs
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x.label == y.label and x.start < y.end and y.start < x.end:
                overlap = min(x.end, y.end) - max(x.start, y.start)
                candidates.append((-overlap, abs(x.start - y.start) + abs(x.end - y.end), i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _overlap, _distance, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    return sorted(pairs, key=lambda pair: pair[0].sort_key())


@dataclass
class SpanCounts:
    """Summed over documents (micro average) and, for more than two coders, over pairs."""

    matched: int = 0
    first: int = 0  # spans of the first coder (the reference, where there is one)
    second: int = 0

    def add(self, matched: int, first: int, second: int) -> None:
        self.matched += matched
        self.first += first
        self.second += second

    @property
    def f1(self) -> float:
        total = self.first + self.second
        return 2 * self.matched / total if total else math.nan

    @property
    def precision(self) -> float:
        return self.matched / self.second if self.second else math.nan

    @property
    def recall(self) -> float:
        return self.matched / self.first if self.first else math.nan

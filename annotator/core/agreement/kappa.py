"""Cohen's kappa (two coders) and Fleiss' kappa (two or more) over a coding study.

Only items every coder coded take part (kappa has no notion of missing codes;
Krippendorff's alpha, in ``alpha.py``, does).
"""

from __future__ import annotations

import math
from collections import Counter

from annotator.core.agreement.base import CodingStudy


def _complete(study: CodingStudy) -> list[tuple[str, ...]]:
    return [item for item in study.items if all(value is not None for value in item)]  # type: ignore[misc]


class CohenKappa:
    """kappa = (p_o - p_e) / (1 - p_e), p_e from each coder's own category distribution (Cohen 1960)."""

    name = "cohen_kappa"

    def __call__(self, study: CodingStudy) -> float:
        if len(study.coders) != 2:
            raise ValueError("Cohen's kappa is for two coders; use Fleiss' kappa for more")
        items = _complete(study)
        if not items:
            return math.nan
        n = len(items)
        observed = sum(a == b for a, b in items) / n
        first, second = Counter(a for a, _ in items), Counter(b for _, b in items)
        expected = sum(first[c] * second[c] for c in first) / (n * n)
        if expected == 1:
            return math.nan
        return (observed - expected) / (1 - expected)


class FleissKappa:
    """Fleiss (1971): P_i = (sum_c n_ic^2 - m) / (m (m - 1)), P_e = sum_c p_c^2."""

    name = "fleiss_kappa"

    def __call__(self, study: CodingStudy) -> float:
        m = len(study.coders)
        if m < 2:
            raise ValueError("agreement needs at least two coders")
        items = _complete(study)
        if not items:
            return math.nan
        totals: Counter[str] = Counter()
        observed = 0.0
        for item, times in Counter(items).items():  # each distinct item once
            counts = Counter(item)
            for value, count in counts.items():
                totals[value] += times * count
            observed += times * (sum(k * k for k in counts.values()) - m) / (m * (m - 1))
        observed /= len(items)
        expected = sum((count / (len(items) * m)) ** 2 for count in totals.values())
        if expected == 1:
            return math.nan
        return (observed - expected) / (1 - expected)


def kappa_for(study: CodingStudy) -> tuple[str, float]:
    """Cohen's kappa for two coders, Fleiss' for more: (measure name, value)."""
    measure = CohenKappa() if len(study.coders) == 2 else FleissKappa()
    return measure.name, measure(study)

"""Krippendorff's alpha for nominal data over a coding study (Krippendorff 2011, "Computing
Krippendorff's alpha-reliability"): missing codes allowed, items coded by fewer than two coders
are not pairable and left out.

alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, with the coincidence matrix
o_ck = sum over items u of (number of ordered pairs of codes (c, k) in u) / (m_u - 1).
"""

from __future__ import annotations

import math
from collections import Counter

from annotator.core.agreement.base import CodingStudy


class KrippendorffAlpha:
    name = "krippendorff_alpha"

    def __call__(self, study: CodingStudy) -> float:
        disagreeing = 0.0  # sum over c != k of o_ck
        totals: Counter[str] = Counter()  # n_c
        # Tokens repeat a handful of patterns ("O", "O" mostly): work on each distinct item once.
        for item, times in Counter(study.items).items():
            values = [value for value in item if value is not None]
            m_u = len(values)
            if m_u < 2:
                continue
            counts = Counter(values)
            # Ordered pairs of different values: m_u^2 - sum n_uc^2.
            disagreeing += times * (m_u * m_u - sum(k * k for k in counts.values())) / (m_u - 1)
            for value, count in counts.items():
                totals[value] += times * count
        n = sum(totals.values())
        expected = n * n - sum(k * k for k in totals.values())  # sum over c != k of n_c n_k
        if n < 2 or expected == 0:
            return math.nan
        return 1 - (n - 1) * disagreeing / expected

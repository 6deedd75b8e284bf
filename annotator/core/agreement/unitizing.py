"""Krippendorff's unitizing alpha (alpha_U) over span boundaries.

Krippendorff, K.: On the reliability of unitizing contiguous data. Sociological Methodology
25:47-76, 1995; and Content Analysis, 2nd ed., 2004, section 12.4; as implemented by DKPro
Agreement (``KrippendorffAlphaUnitizingAgreement``). Per category c, every coder's units of c
and the gaps between them segment the continuum of length L. For segments g (coder i) and h
(coder j), with begin b, length l and v = 1 for a unit, 0 for a gap:

* two overlapping units:               d = (b_g - b_h)^2 + (b_g + l_g - b_h - l_h)^2
* a unit g lying inside a gap h:       d = l_g^2   (and symmetrically)
* anything else:                       d = 0

D_o(c) = sum_i sum_{j != i} sum_g sum_h d / (m (m - 1) L^2), and the expected disagreement over
every way of placing the same units and gaps,

D_e(c) = (2 / L) * sum_{units u} [ (N_c - 1) (2 l_u^3 - 3 l_u^2 + l_u) / 3
                                   + l_u^2 * sum_{gaps g, l_g >= l_u} (l_g - l_u + 1) ]
         / ( m L (m L - 1) - sum_{units u} l_u (l_u - 1) )

with N_c the number of units of c over all coders. alpha_U(c) = 1 - D_o(c) / D_e(c); over all
categories, 1 - sum_c D_o(c) / sum_c D_e(c) (equivalently DKPro's ratio of means).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator

from annotator.core.agreement.base import Unit, UnitizingStudy


def _segments(units: list[Unit], length: int) -> Iterator[tuple[int, int, bool]]:
    """(begin, length, is_unit) of one coder's units of one category and the gaps around them."""
    position = 0
    for unit in units:
        if unit.start > position:
            yield position, unit.start - position, False
        yield unit.start, unit.end - unit.start, True
        position = unit.end
    if position < length:
        yield position, length - position, False


def _overlapping(first: list[tuple[int, int, bool]], second: list[tuple[int, int, bool]]) -> Iterator[tuple[tuple[int, int, bool], tuple[int, int, bool]]]:
    """The pairs of segments that share a position; both lists tile [0, L) in order (a merge walk)."""
    i = j = 0
    while i < len(first) and j < len(second):
        g, h = first[i], second[j]
        yield g, h
        g_end, h_end = g[0] + g[1], h[0] + h[1]
        i += g_end <= h_end
        j += h_end <= g_end


def distance(begin_g: int, length_g: int, unit_g: bool, begin_h: int, length_h: int, unit_h: bool) -> int:
    if unit_g and unit_h:
        if begin_g < begin_h + length_h and begin_h < begin_g + length_g:
            return (begin_g - begin_h) ** 2 + (begin_g + length_g - begin_h - length_h) ** 2
        return 0
    if unit_g and not unit_h and begin_h <= begin_g and begin_g + length_g <= begin_h + length_h:
        return length_g**2
    if unit_h and not unit_g and begin_g <= begin_h and begin_h + length_h <= begin_g + length_g:
        return length_h**2
    return 0


class KrippendorffAlphaU:
    name = "krippendorff_alpha_u"

    def disagreements(self, study: UnitizingStudy, category: str) -> tuple[float, float]:
        """(D_o, D_e) of one category."""
        m, length = len(study.coders), study.length
        if m < 2 or length < 2:
            return math.nan, math.nan
        per_coder = [[u for u in study.units if u.coder == r and u.category == category] for r in range(m)]
        segments = [list(_segments(units, length)) for units in per_coder]
        observed = 0
        for i in range(m):
            for j in range(i + 1, m):
                observed += sum(distance(*g, *h) for g, h in _overlapping(segments[i], segments[j]))
        observed_d = 2 * observed / (m * (m - 1) * length * length)
        unit_lengths = [u.end - u.start for units in per_coder for u in units]
        gap_lengths = sorted(seg[1] for coder in segments for seg in coder if not seg[2])
        # Suffix sums over the sorted gaps: sum over gaps >= l of (l_g - l + 1) in O(log n) per unit.
        suffix = [0] * (len(gap_lengths) + 1)
        for index in range(len(gap_lengths) - 1, -1, -1):
            suffix[index] = suffix[index + 1] + gap_lengths[index]
        n_c = len(unit_lengths)
        numerator = 0.0
        for lu in unit_lengths:
            first = bisect_left(gap_lengths, lu)
            fitting = len(gap_lengths) - first
            numerator += (n_c - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3
            numerator += lu * lu * (suffix[first] - (lu - 1) * fitting)
        denominator = m * length * (m * length - 1) - sum(lu * (lu - 1) for lu in unit_lengths)
        expected_d = (2 / length) * numerator / denominator if denominator else math.nan
        return observed_d, expected_d

    def __call__(self, study: UnitizingStudy, category: str | None = None) -> float:
        categories = [category] if category is not None else study.categories()
        observed = expected = 0.0
        for each in categories:
            d_o, d_e = self.disagreements(study, each)
            if math.isnan(d_o) or math.isnan(d_e):
                return math.nan
            observed += d_o
            expected += d_e
        if not expected:
            return math.nan
        return 1 - observed / expected

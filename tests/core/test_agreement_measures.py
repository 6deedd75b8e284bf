"""Each agreement measure against the literature, the krippendorff package, or a hand computation."""

from __future__ import annotations

import math
import random

import krippendorff
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement.alpha import KrippendorffAlpha
from annotator.core.agreement.base import CodingStudy, Unit, UnitizingStudy
from annotator.core.agreement.kappa import CohenKappa, FleissKappa
from annotator.core.agreement.unitizing import KrippendorffAlphaU, _overlapping, _segments, distance


def _package_alpha(study: CodingStudy) -> float:
    categories = study.categories()
    data = [[math.nan if item[r] is None else float(categories.index(item[r])) for item in study.items] for r in range(len(study.coders))]
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@pytest.mark.parametrize("seed", range(12))
def test_alpha_equals_the_krippendorff_package(seed: int) -> None:
    rng = random.Random(seed)
    coders = tuple(f"c{i}" for i in range(rng.randint(2, 5)))
    items = []
    for _ in range(rng.randint(5, 80)):
        base = rng.choice("ABCO")
        item = tuple(None if rng.random() < 0.1 else (base if rng.random() < 0.7 else rng.choice("ABCO")) for _ in coders)
        items.append(item)
    items.append(tuple("A" if i % 2 else "B" for i in range(len(coders))))  # at least two values somewhere
    study = CodingStudy(coders, tuple(items))
    assert abs(KrippendorffAlpha()(study) - _package_alpha(study)) < 1e-9


def test_cohen_kappa_by_hand() -> None:
    # 10 items: 7 agree (4 A-A, 3 B-B), 3 disagree (2 A-B, 1 B-A). p_o = 0.7.
    # A coder 1: 6, B: 4; coder 2: A 5, B 5 -> p_e = (6*5 + 4*5) / 100 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    items = [("A", "A")] * 4 + [("B", "B")] * 3 + [("A", "B")] * 2 + [("B", "A")]
    assert CohenKappa()(CodingStudy(("x", "y"), tuple(items))) == pytest.approx(0.4, abs=1e-12)


def test_fleiss_kappa_by_hand() -> None:
    # Three coders, four items: AAA, AAB, BBB, ABB.
    # P_i: 1, 1/3, 1, 1/3 (for AAB: (2^2 + 1^2 - 3) / (3 * 2)) -> mean 2/3.
    # p_A = 6/12, p_B = 6/12 -> P_e = 0.5; kappa = (2/3 - 1/2) / (1/2) = 1/3.
    items = (("A", "A", "A"), ("A", "A", "B"), ("B", "B", "B"), ("A", "B", "B"))
    assert FleissKappa()(CodingStudy(("x", "y", "z"), items)) == pytest.approx(1 / 3, abs=1e-12)


def test_fleiss_equals_cohen_style_on_two_coders_only_when_margins_match() -> None:
    items = (("A", "A"), ("B", "B"), ("A", "B"), ("B", "A"))
    # Equal margins: p_o = 0.5, p_e = 0.5 for both -> both 0.
    assert CohenKappa()(CodingStudy(("x", "y"), items)) == pytest.approx(0)
    assert FleissKappa()(CodingStudy(("x", "y"), items)) == pytest.approx(0)


def test_no_variation_is_undefined_not_perfect() -> None:
    study = CodingStudy(("x", "y"), (("O", "O"), ("O", "O")))
    assert math.isnan(CohenKappa()(study)) and math.isnan(KrippendorffAlpha()(study))


def test_unitizing_distance_cases() -> None:
    # The four cases of Krippendorff's delta for segments (begin, length, is_unit):
    assert distance(1, 8, True, 2, 1, True) == (1 - 2) ** 2 + (9 - 3) ** 2 == 37  # two overlapping units
    assert distance(1, 8, True, 0, 2, False) == 0  # a unit only partly over a gap
    assert distance(3, 1, True, 0, 10, False) == 1  # a unit inside a gap: its length squared
    assert distance(0, 10, False, 3, 2, True) == 4  # and symmetrically
    assert distance(0, 2, True, 5, 2, True) == 0  # units that do not overlap


def test_alpha_u_krippendorff_1995_example() -> None:
    """Krippendorff (1995), Sociological Methodology 25, p. 57: two coders, continuum of 24.

    Category A, Bertha: 0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0  units [2,10) [14,20)
                Bill:   0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0  units [4,8) [15,17)
    (the same data DKPro Agreement's Krippendorff1995Test uses).

    Observed: unit [2,10) vs [4,8): (2-4)^2 + (10-8)^2 = 8; [14,20) vs [15,17): 1 + 9 = 10; no unit
    lies inside the other coder's gap. Both ordered coder pairs: 2 * 18 = 36.
    D_o = 36 / (m (m-1) L^2) = 36 / (2 * 1 * 576) = 0.03125 (DKPro asserts 0.03125 too).

    Expected: N_c = 4 units of lengths 8, 6, 4, 2; gaps: Bertha 2, 4, 4; Bill 4, 7, 7.
      l=8: 3 (2*512 - 3*64 + 8) / 3 = 840; no gap >= 8                              -> 840
      l=6: 3 (432 - 108 + 6) / 3 = 330; gaps >= 6: 7, 7 -> 36 * (2 + 2) = 144          -> 474
      l=4: 3 (128 - 48 + 4) / 3 = 84; gaps 7, 7, 4, 4, 4 -> 16 * (4+4+1+1+1) = 176     -> 260
      l=2: 3 (16 - 12 + 2) / 3 = 6; all six gaps -> 4 * (6+6+3+3+3+1) = 88             -> 94
    sum 1668, times 2/L = 139; denominator m L (m L - 1) - sum l (l-1) = 48*47 - 100 = 2156.
    D_e = 139 / 2156. alpha_U = 1 - 0.03125 * 2156 / 139 = 0.51529 (on this coarse 24-point
    continuum; Krippendorff's 0.553 is the limit of a finer one, as DKPro's stretched test shows).
    """
    units = [Unit(0, 2, 10, "A"), Unit(0, 14, 20, "A"), Unit(1, 4, 8, "A"), Unit(1, 15, 17, "A")]
    study = UnitizingStudy.build(("Bertha", "Bill"), 24, units)
    d_o, d_e = KrippendorffAlphaU().disagreements(study, "A")
    assert d_o == pytest.approx(36 / 1152, abs=1e-12)
    assert d_e == pytest.approx(139 / 2156, abs=1e-12)
    assert KrippendorffAlphaU()(study, "A") == pytest.approx(1 - (36 / 1152) / (139 / 2156), abs=1e-12)


def test_alpha_u_dkpro_example() -> None:
    """DKPro Agreement's UnitizingAgreementTest: L = 10, coder 0: -11111111-, coder 1: --1-1-1---.

    D_o: the long unit [1,9) against [2,3), [4,5), [6,7): 37 + 25 + 29 = 91, twice, / (2 * 100) = 0.91.
    D_e: units 8, 1, 1, 1 (N_c = 4); gaps 1, 1 (coder 0) and 2, 1, 1, 3 (coder 1).
      l=8: 840, no gap >= 8; each l=1: 3 * 0 / 3 = 0 plus 1 * (3+2+1+1+1+1) = 9 -> 27; total 867.
      2/L * 867 = 173.4; denominator 20 * 19 - 8 * 7 = 324; D_e = 0.535185...
    alpha_U = 1 - 0.91 / 0.535185 = -0.70035 (DKPro: 0.9100, 0.5351, -0.7003).
    """
    units = [Unit(0, 1, 9, "A"), Unit(1, 2, 3, "A"), Unit(1, 4, 5, "A"), Unit(1, 6, 7, "A")]
    study = UnitizingStudy.build(("r0", "r1"), 10, units)
    d_o, d_e = KrippendorffAlphaU().disagreements(study, "A")
    assert d_o == pytest.approx(0.91, abs=1e-12)
    assert d_e == pytest.approx(173.4 / 324, abs=1e-12)
    assert KrippendorffAlphaU()(study) == pytest.approx(-0.7003, abs=1e-4)


def test_identical_unitizing_is_perfect() -> None:
    units = [Unit(c, 3, 7, "A") for c in (0, 1)] + [Unit(c, 12, 15, "A") for c in (0, 1)]
    assert KrippendorffAlphaU()(UnitizingStudy.build(("a", "b"), 30, units)) == pytest.approx(1.0)


def test_overlapping_units_of_one_coder_are_merged() -> None:
    study = UnitizingStudy.build(("a", "b"), 20, [Unit(0, 2, 6, "A"), Unit(0, 4, 9, "A"), Unit(1, 2, 9, "A")])
    assert [(u.start, u.end) for u in study.units if u.coder == 0] == [(2, 9)]


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 39), st.integers(1, 8)), max_size=12))
def test_the_merge_walk_finds_every_overlapping_pair(raw: list[tuple[int, int, int]]) -> None:
    units = [Unit(coder, start, min(start + length, 40), "A") for coder, start, length in raw]
    study = UnitizingStudy.build(("a", "b"), 40, units)
    first, second = ([u for u in study.units if u.coder == c] for c in (0, 1))
    a, b = list(_segments(first, 40)), list(_segments(second, 40))
    brute = {(g, h) for g in a for h in b if g[0] < h[0] + h[1] and h[0] < g[0] + g[1]}
    assert set(_overlapping(a, b)) == brute

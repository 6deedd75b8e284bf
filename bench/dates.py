"""S6 date normalisation: ``find_dates`` on the first seed article (informational); S7 on the peers'
200,000-character document B, and on a 1,000,000-character article in one paragraph (C five
times over). The long ones are timed in process CPU time, the least of a few runs, next to a
floor: one regex pass that looks at every word start of the same text."""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable

from harness import REPO, Context, Result, median, ms

SEED_ARTICLE = REPO / "seeds" / "000_d40578fe3dc4c4eb.txt"
SEED_DCT = datetime.date(2024, 2, 23)


def scenario_s6(ctx: Context) -> list[Result]:
    what = f"find_dates on {SEED_ARTICLE.name} (dct {SEED_DCT})"
    try:
        from annotator.core.dates import find_dates  # type: ignore[attr-defined]
    except Exception as error:  # the module is being written by someone else: any import failure means n/a
        return [Result("S6", what, None, None, "ms", "-", None, note=f"n/a (date normaliser not available: {type(error).__name__})")]
    sizes = ctx.sizes
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    calls: list[Callable[[], object]] = [lambda: find_dates(text, SEED_DCT), lambda: find_dates(text, dct=SEED_DCT)]
    call = None
    for candidate in calls:
        try:
            found = candidate()
            call = candidate
            break
        except TypeError:
            continue
        except Exception as error:
            return [Result("S6", what, None, None, "ms", "-", None, note=f"n/a (find_dates raised {type(error).__name__}: {error})")]
    if call is None:
        return [Result("S6", what, None, None, "ms", "-", None, note="n/a (find_dates signature not recognised)")]
    times = []
    for _ in range(sizes.s6_reps):
        begin = time.perf_counter()
        call()
        times.append(time.perf_counter() - begin)
    count = len(found) if hasattr(found, "__len__") else "?"
    return [
        Result("S6", what, ms(median(times)), None, "ms", "-", None, note=f"median of {sizes.s6_reps}; {count} dates found; the first (warm-up) call excluded")
    ]


_FLOOR = re.compile(r"\b\w")
# Issue 9/10: every suggestion for a 200,000-character article within 100 ms, of which the
# date finder may take 40; a 1,000,000-character paragraph within a second.
_TARGET_200K_MS = 40.0
_TARGET_1M_MS = 1000.0


def _cpu_ms(call: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        begin = time.process_time()
        call()
        best = min(best, time.process_time() - begin)
    return ms(best)


def scenario_s6_long(ctx: Context) -> list[Result]:
    try:
        from annotator.core.dates import find_dates  # type: ignore[attr-defined]
    except Exception as error:
        return [Result("S7", "find_dates on B", None, None, "ms", "-", None, note=f"n/a (date normaliser not available: {type(error).__name__})")]
    docs, note = ctx.peers()
    b_text = docs["B"][0]
    c_text = docs["C"][0]
    runs = 3 if ctx.quick else 7
    find_dates(b_text, SEED_DCT)  # compiles the rules outside the timing
    found = len(find_dates(b_text, SEED_DCT))
    value = _cpu_ms(lambda: find_dates(b_text, SEED_DCT), runs)
    floor = _cpu_ms(lambda: _FLOOR.findall(b_text), runs)
    million = " ".join([c_text] * (1_000_000 // max(1, len(c_text)) + 1))[:1_000_000]
    big = _cpu_ms(lambda: find_dates(million, SEED_DCT), 1)
    big_floor = _cpu_ms(lambda: _FLOOR.findall(million), 1)
    return [
        Result(
            "S7a",
            f"find_dates on B ({len(b_text):,} chars)",
            value,
            floor,
            "ms",
            f"<= {_TARGET_200K_MS:.0f} ms",
            value <= _TARGET_200K_MS,
            note=f"CPU time, least of {runs}; {found} dates; {len(b_text) / 1e6 / (value / 1000):.2f} MB/s" + (f"; {note}" if note else ""),
        ),
        Result(
            "S7b",
            f"find_dates on one paragraph of {len(million):,} chars",
            big,
            big_floor,
            "ms",
            f"< {_TARGET_1M_MS:.0f} ms",
            big < _TARGET_1M_MS,
            note="CPU time, one run; C repeated" + (f"; {note}" if note else ""),
        ),
    ]


SCENARIOS = [("S6", scenario_s6), ("S7", scenario_s6_long)]

"""S6 date normalisation: ``find_dates`` on the first seed article (informational)."""

from __future__ import annotations

import datetime
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


SCENARIOS = [("S6", scenario_s6)]

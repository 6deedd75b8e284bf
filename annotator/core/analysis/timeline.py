"""Claims along their dates, one lane per actor: the data of the Analysis dock's claim timeline. Pure.

A claim is placed at its normalised date (its date span's TIMEX3 value, to the day, month or year);
without one, at the article's publication date, flagged ``dated_by_article`` so the view shows it as
such. Claims with neither are counted, not placed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .network import Statement

_TIMEX_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class TimelinePoint:
    lane: int  # index into Timeline.lanes
    day: date  # the start of the period the date names (2024-03 -> 1 March 2024)
    statement: Statement


@dataclass(frozen=True)
class Timeline:
    lanes: tuple[str, ...]  # actor names, by how many claims they make (most first), then by name
    points: tuple[TimelinePoint, ...]
    undated: int


def day_of(when: str) -> date | None:
    """The first day of the period a TIMEX3 value names, or None ("PRESENT_REF", "2024-W12" have none)."""
    match = _TIMEX_DAY.match(when)
    if match is None or re.match(r"^\d{4}-W", when):
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def timeline(found: Sequence[Statement]) -> Timeline:
    placed: list[tuple[date, Statement]] = []
    undated = 0
    for statement in found:
        day = day_of(statement.when)
        if day is None:
            undated += 1
        else:
            placed.append((day, statement))
    claims: dict[str, int] = {}
    names: dict[str, str] = {}
    for _day, statement in placed:
        claims[statement.actor] = claims.get(statement.actor, 0) + 1
        names[statement.actor] = statement.actor_name
    order = sorted(claims, key=lambda actor: (-claims[actor], names[actor], actor))
    lane = {actor: index for index, actor in enumerate(order)}
    points = tuple(TimelinePoint(lane[s.actor], day, s) for day, s in sorted(placed, key=lambda pair: (pair[0], pair[1].document_id, pair[1].claim_id)))
    return Timeline(tuple(names[actor] for actor in order), points, undated)

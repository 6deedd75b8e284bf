"""Which open documents the window keeps, with their undo history, after a document switch.

The policy, and why:

* The ``KEEP_RECENT`` most recently shown documents are always kept, whatever their size: going
  back and forth between a few articles keeps undo working across the switch, and switching back
  costs no reload.
* Older documents are kept while everything kept weighs at most ``MEMORY_BUDGET`` (an estimate
  from text size and span count, below) and there are at most ``KEPT_SESSIONS`` of them; beyond
  that the least recently shown are closed first. A count alone let memory grow by the size of
  whatever was kept: twenty sessions of 400 spans are 12 MB, and two 5,000-span articles among
  them 13 MB more (U5 in bench/memory.py grew 12% over 100 more articles).
* A document with unsaved edits, a save in flight or on screen is never closed (closing would
  lose work or race the save); it still counts towards the budget.

Closing a clean document loses only its undo history: what it says is saved, and opening it
again reads it back (U2, first time). Pure Python, no Qt: the window asks, then closes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

KEEP_RECENT = 4  # a coder comparing articles moves among three or four
KEPT_SESSIONS = 20  # at most this many open documents kept with their undo history
MEMORY_BUDGET = 8_000_000  # bytes, estimated: about fourteen 20,000-character articles of 400 spans
# Measured with tracemalloc: a 5,000-span annotation set of B (bench-docs) holds 6.5 MB, 1.3 kB a span
# (the Span models, their attribute models and the set's indexes); an undo step holds two spans.
SPAN_BYTES = 1_300


def session_weight(text: str, spans: int, undo_steps: int) -> int:
    """Estimated bytes a kept session holds: its text, its spans and its undo history."""
    return sys.getsizeof(text) + SPAN_BYTES * (spans + 2 * undo_steps)


@dataclass(frozen=True)
class KeptSession:
    doc_id: str
    weight: int
    closable: bool  # saved, no save in flight, not the one shown


def sessions_to_close(
    sessions: Sequence[KeptSession], *, keep_recent: int | None = None, budget: int | None = None, max_sessions: int | None = None
) -> list[str]:
    """The documents to close, least recently shown first; ``sessions`` is ordered that way too.

    Unset limits are this module's constants, read at each call.
    """
    keep_recent = KEEP_RECENT if keep_recent is None else keep_recent
    budget = MEMORY_BUDGET if budget is None else budget
    max_sessions = KEPT_SESSIONS if max_sessions is None else max_sessions
    total = sum(session.weight for session in sessions)
    count = len(sessions)
    closing: list[str] = []
    for session in sessions[: max(0, len(sessions) - keep_recent)]:
        if total <= budget and count <= max_sessions:
            break
        if session.closable:
            closing.append(session.doc_id)
            total -= session.weight
            count -= 1
    return closing

"""Which documents stay open after a switch: the recent few always, older ones within a memory budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Document
from annotator.core.storage import FolderProject
from annotator.gui import session_cache
from annotator.gui.session_cache import KeptSession, session_weight, sessions_to_close


def kept(*weights: int, closable: bool = True) -> list[KeptSession]:
    return [KeptSession(f"d{i}", weight, closable) for i, weight in enumerate(weights)]


def test_within_budget_and_count_nothing_is_closed() -> None:
    assert sessions_to_close(kept(10, 10, 10, 10), keep_recent=2, budget=40, max_sessions=4) == []


def test_the_oldest_are_closed_until_the_rest_fits_the_budget() -> None:
    # Two big old articles, then small ones: the big ones go first because they are the oldest.
    assert sessions_to_close(kept(50, 50, 5, 5, 5), keep_recent=2, budget=20, max_sessions=20) == ["d0", "d1"]


def test_the_recent_few_are_kept_whatever_they_weigh() -> None:
    assert sessions_to_close(kept(100, 100, 100), keep_recent=3, budget=1, max_sessions=20) == []
    assert sessions_to_close(kept(100, 100, 100, 100), keep_recent=3, budget=1, max_sessions=20) == ["d0"]


def test_unsaved_or_busy_documents_are_skipped_not_closed() -> None:
    sessions = [KeptSession("busy", 50, False), *kept(50, 5, 5)]
    assert sessions_to_close(sessions, keep_recent=2, budget=20, max_sessions=20) == ["d0"]


def test_the_count_still_bounds_many_small_documents() -> None:
    assert sessions_to_close(kept(*[1] * 25), keep_recent=3, budget=10**9, max_sessions=20) == ["d0", "d1", "d2", "d3", "d4"]


@given(
    st.lists(st.tuples(st.integers(0, 100), st.booleans()), max_size=30),
    st.integers(0, 5),
    st.integers(0, 500),
    st.integers(1, 25),
)
def test_what_is_left_fits_or_cannot_be_closed(items: list[tuple[int, bool]], keep_recent: int, budget: int, max_sessions: int) -> None:
    sessions = [KeptSession(f"d{i}", weight, closable) for i, (weight, closable) in enumerate(items)]
    closing = sessions_to_close(sessions, keep_recent=keep_recent, budget=budget, max_sessions=max_sessions)
    recent = {s.doc_id for s in sessions[max(0, len(sessions) - keep_recent) :]} if keep_recent else set()
    assert all(next(s for s in sessions if s.doc_id == d).closable and d not in recent for d in closing)
    left = [s for s in sessions if s.doc_id not in closing]
    over = sum(s.weight for s in left) > budget or len(left) > max_sessions
    # Still over only when every older document left is one that cannot be closed.
    assert not over or all(not s.closable or s.doc_id in recent for s in left)
    # Oldest first: nothing closed is more recent than a closable older one kept.
    order = [s.doc_id for s in sessions]
    for doc_id in closing:
        before = order[: order.index(doc_id)]
        assert all(d in closing or not next(s for s in sessions if s.doc_id == d).closable for d in before)


def test_weight_counts_text_spans_and_undo_steps() -> None:
    assert session_weight("x" * 1000, 0, 0) < session_weight("x" * 2000, 0, 0)
    assert session_weight("x", 10, 0) - session_weight("x", 0, 0) == 10 * session_cache.SPAN_BYTES
    assert session_weight("x", 0, 5) - session_weight("x", 0, 0) == 10 * session_cache.SPAN_BYTES


def test_big_documents_are_closed_after_the_recent_few_and_undo_survives_a_switch(open_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    root = tmp_path / "big"
    with FolderProject.create(root, "big") as project:
        project.add_documents(Document.create(f"d{i}", f"Article {i}: Armenia said on Friday that talks go on.") for i in range(6))
    # No budget at all: only the recent few are kept.
    monkeypatch.setattr(session_cache, "MEMORY_BUDGET", 0)
    window = open_window(root)
    text = window.session.document.text
    start = text.index("Armenia")
    window.view.select_offsets(start, start + 7)
    window.span_editor.apply_label("actor")
    edited = window.session
    assert edited.save_blocking()
    for _ in range(2):
        window.step_document(+1)
    assert edited in window._sessions.values()  # one of the recent few: kept with its history
    window.step_document(-1)
    window.step_document(-1)
    assert window.session is edited and edited.undo_stack.canUndo()
    edited.undo_stack.undo()
    assert len(edited.annotations) == 0
    edited.undo_stack.redo()
    assert edited.save_blocking()
    for _ in range(5):
        window.step_document(+1)
    assert edited not in window._sessions.values()  # old, saved and over the budget: closed
    assert list(window._sessions) == [f"d{i}" for i in range(6 - session_cache.KEEP_RECENT, 6)]  # the most recently shown

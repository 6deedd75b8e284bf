"""The collector is paused inside a bulk load and left as it was after it, whatever happens inside;
what lives on is frozen out of later walks without keeping garbage for ever."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from annotator.core import gc_pause
from annotator.core.gc_pause import forget_frozen, freeze_long_lived, paused_gc


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def thawed() -> Iterator[None]:
    forget_frozen()
    yield
    forget_frozen()


def test_the_collector_is_off_inside_and_on_again_after_even_on_an_exception() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="inside"), paused_gc():
        raise ValueError("inside")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_lives_on_is_frozen_and_left_out_of_the_collector_s_walks(thawed: None) -> None:
    kept = [_Node() for _ in range(100)]
    assert freeze_long_lived()  # the first time: one full collection, then the freeze
    assert gc.get_freeze_count() >= len(kept)
    tracked = {id(obj) for obj in gc.get_objects()}  # the generations the collector walks
    assert not any(id(node) in tracked for node in kept)
    newer = _Node()
    assert id(newer) in {id(obj) for obj in gc.get_objects()}
    assert not freeze_long_lived()  # later: only the young generations are collected first
    assert id(newer) not in {id(obj) for obj in gc.get_objects()}


def test_garbage_made_before_a_freeze_is_collected_not_frozen(thawed: None) -> None:
    freeze_long_lived()
    dropped = _Node()
    gone = weakref.ref(dropped)
    del dropped
    assert gone() is not None  # a cycle: its reference count never reaches zero
    assert not freeze_long_lived()  # a young collection, which frees it before the freeze
    assert gone() is None


def test_cycles_that_die_frozen_are_freed_once_the_frozen_heap_has_grown_enough(thawed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_pause, "FULL_AGAIN_FLOOR", 1000)
    freeze_long_lived()
    died_frozen = _Node()
    gone = weakref.ref(died_frozen)
    gc.freeze()
    del died_frozen
    assert not freeze_long_lived() and gone() is not None  # frozen: the young collection does not see it
    grown = [_Node() for _ in range(int(gc.get_freeze_count() * gc_pause.FULL_AGAIN_GROWTH) + 1000)]
    assert freeze_long_lived()  # grown past the bound: unfrozen, one full collection, frozen again
    assert gone() is None
    assert gc.get_freeze_count() >= len(grown)


def test_nothing_is_frozen_while_the_collector_is_off(thawed: None) -> None:
    with paused_gc():
        assert not freeze_long_lived()
        assert gc.get_freeze_count() == 0

"""The collector is paused inside a bulk load and left as it was after it, whatever happens inside."""

from __future__ import annotations

import gc

import pytest

from annotator.core.gc_pause import paused_gc


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

"""The garbage collector is paused during a catch-up's runs and restored exactly after, however
many threads pause it at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from threads import THREADS, at_once, threads_switching_often

from moto_lookoutequipment.collector import collector_paused

pytestmark = pytest.mark.in_process(reason="looks at the test process's garbage collector")


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_a_pause_disables_the_collector_and_enables_it_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_user_disabled_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_error_inside_a_pause_still_restores_the_collector() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the runs failed")
    assert gc.isenabled()


def test_pauses_of_many_threads_at_once_restore_the_collector_once_all_end() -> None:
    gc.enable()
    seen_enabled: list[bool] = []

    def pause(index: int) -> None:
        for _ in range(200):
            with collector_paused():
                seen_enabled.append(gc.isenabled())

    with threads_switching_often():
        outcomes = at_once(pause)

    assert [code for code, _ in outcomes] == ["ok"] * THREADS
    assert len(seen_enabled) == THREADS * 200
    assert not any(seen_enabled)
    assert gc.isenabled()

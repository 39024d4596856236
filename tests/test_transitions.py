"""``transition(...)`` sets a progression on moto's state manager and gives moto's default back."""

from __future__ import annotations

from typing import Any

import pytest
from moto.moto_api import state_manager

from moto_lookoutequipment.transitions import Transition, transition

MODEL = "lookoutequipment::model"
IMMEDIATE = {"progression": "immediate"}


def test_a_block_sets_the_progression_and_restores_the_default() -> None:
    with transition("model", "manual", times=2) as setting:
        assert state_manager.get_transition(MODEL) == {"progression": "manual", "times": 2}
        assert setting.active
    assert state_manager.get_transition(MODEL) == IMMEDIATE
    assert not setting.active


def test_the_default_is_back_after_an_error_in_the_block() -> None:
    with pytest.raises(KeyError), transition("lookoutequipment::dataset", "time", seconds=5):
        raise KeyError("boom")
    assert state_manager.get_transition("lookoutequipment::dataset") == IMMEDIATE


def test_nested_settings_of_one_machine_restore_the_enclosing_one() -> None:
    with transition("model", "manual", times=3):
        with transition("model", "time", seconds=1):
            assert state_manager.get_transition(MODEL)["progression"] == "time"
        assert state_manager.get_transition(MODEL) == {"progression": "manual", "times": 3}
    assert state_manager.get_transition(MODEL) == IMMEDIATE


def test_start_and_stop_in_any_order() -> None:
    outer = transition("model", "manual", times=3).start()
    inner = transition("model", "manual", times=7).start()
    outer.stop()
    assert state_manager.get_transition(MODEL) == {"progression": "manual", "times": 7}
    inner.stop()
    inner.stop()  # stopping twice changes nothing
    assert state_manager.get_transition(MODEL) == IMMEDIATE


def test_a_decorated_function_runs_with_the_progression() -> None:
    seen: list[Any] = []

    @transition("inferencescheduler", "manual", times=4)
    def read() -> None:
        seen.append(state_manager.get_transition("lookoutequipment::inferencescheduler"))

    read()
    read()
    assert seen == [{"progression": "manual", "times": 4}] * 2
    assert state_manager.get_transition("lookoutequipment::inferencescheduler") == IMMEDIATE


@pytest.mark.parametrize(
    ("arguments", "options", "message"),
    [
        (("engine",), {}, "no status machine 'lookoutequipment::engine'; this service has: "),
        (("model", "fast"), {}, "progression must be one of immediate, manual, time"),
        (("model", "manual"), {}, "the 'manual' progression needs times= above 0"),
        (("model", "manual"), {"times": 0}, "the 'manual' progression needs times= above 0"),
        (("model", "time"), {"times": 2}, "times= does not apply to the 'time' progression"),
        (("model", "immediate"), {"seconds": 2}, "seconds= does not apply to the 'immediate'"),
    ],
)
def test_a_setting_moto_cannot_use_is_refused(
    arguments: tuple[str, ...], options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError) as refused:
        Transition(*arguments, **options)
    assert str(refused.value).startswith(message)
    assert state_manager.get_transition(MODEL) == IMMEDIATE


def test_the_known_machines_are_named() -> None:
    with pytest.raises(ValueError) as refused:
        transition("engine")
    assert str(refused.value).endswith(
        "dataset, inferenceexecution, inferencescheduler, ingestionjob, model, modelversion, "
        "retrainingscheduler"
    )

"""The operation registry: one handler per operation, and idempotency from the service model."""

from __future__ import annotations

from typing import Any

import pytest

from moto_lookoutequipment import spec
from moto_lookoutequipment.operations import (
    RegistrationError,
    bindings,
    idempotency_member,
    operation,
)


def handler(self: Any, params: Any) -> Any:
    return {}


def test_binding_an_operation_twice_is_an_error_naming_both_handlers() -> None:
    class Elsewhere:
        def describe(self, params: Any) -> Any:
            return {}

    with pytest.raises(RegistrationError) as raised:
        operation("DescribeDataset")(Elsewhere.describe)

    assert str(raised.value) == (
        "DescribeDataset is bound to both "
        "moto_lookoutequipment.models.datasets.dataset_operations.Datasets.describe_dataset and "
        f"{__name__}.test_binding_an_operation_twice_is_an_error_naming_both_handlers."
        "<locals>.Elsewhere.describe."
    )
    assert bindings()["DescribeDataset"].family_name == "Datasets"


def test_binding_a_name_the_model_does_not_have_is_an_error() -> None:
    with pytest.raises(RegistrationError) as raised:
        operation("DescribeDatasets")(handler)

    assert str(raised.value) == f"{handler.__qualname__}: 'DescribeDatasets' is not an operation."


def test_idempotent_operations_are_those_the_model_marks_and_each_has_a_replay() -> None:
    marked = {name for name in spec.operation_names() if idempotency_member(name)}

    assert marked == {name for name, b in bindings().items() if b.replay is not None}
    assert len(marked) == 10
    with pytest.raises(RegistrationError) as raised:
        operation("CreateDataset")(handler)
    assert str(raised.value) == f"{handler.__qualname__}: CreateDataset needs a replay method."
    with pytest.raises(RegistrationError) as raised:
        operation("DescribeDataset", replay=lambda self, stored: {})(handler)
    assert str(raised.value) == f"{handler.__qualname__}: DescribeDataset takes no replay method."

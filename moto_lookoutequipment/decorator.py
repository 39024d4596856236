"""``mock_lookoutequipment``: moto's ``mock_aws``, with this service registered."""

from __future__ import annotations

from typing import Any

from moto import mock_aws


def mock_lookoutequipment(func: Any = None) -> Any:
    """Mock AWS with Lookout for Equipment served.

    It behaves like ``mock_aws`` (function or class decorator, context manager,
    ``start()``/``stop()``) and shares its state when nested with it. It does not restrict the
    mocked services: S3, KMS and STS calls of the same test are mocked too.
    """
    from ._registration import register

    register()
    if func is not None:
        return mock_aws(func)
    return mock_aws()

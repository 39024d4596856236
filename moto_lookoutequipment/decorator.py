"""``mock_lookoutequipment``: moto's ``mock_aws``, with this service registered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, overload

from moto import mock_aws

if TYPE_CHECKING:
    from moto.core.config import DefaultConfig
    from moto.core.models import MockAWS

T = TypeVar("T")


@overload
def mock_lookoutequipment(func: T) -> T: ...


@overload
def mock_lookoutequipment(func: None = None, config: DefaultConfig | None = None) -> MockAWS: ...


def mock_lookoutequipment(func: Any = None, config: DefaultConfig | None = None) -> Any:
    """Mock AWS with Lookout for Equipment served.

    It is ``mock_aws``: a function or class decorator, a context manager, or an object with
    ``start()``/``stop()``, and it shares one state with ``mock_aws`` when the two are nested.
    It does not restrict the mocked services: S3, KMS and STS calls of the same test are mocked
    too. ``config`` is moto's configuration, passed on unchanged.
    """
    from ._registration import register

    register()
    if func is not None:
        return mock_aws(func)
    return mock_aws(config=config)

"""Amazon Lookout for Equipment for moto.

Importing this package registers the service with moto, so that ``mock_aws``, moto's server and
this package's ``mock_lookoutequipment`` answer ``boto3.client("lookoutequipment")`` calls.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._registration import register
from .decorator import mock_lookoutequipment
from .models import LookoutEquipmentBackend, lookoutequipment_backends

register()

__all__ = [
    "LookoutEquipmentBackend",
    "__version__",
    "lookoutequipment_backends",
    "mock_lookoutequipment",
    "register",
]

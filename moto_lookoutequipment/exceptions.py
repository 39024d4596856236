"""One class per error code the service answers with; each only declares its code and status."""

from __future__ import annotations

import json

from .spec import CONTENT_TYPE

# The service model's BoundedLengthString (an error's Message, a job's FailedReason and
# StatusDetail) holds at most this many characters.
MAX_MESSAGE_LENGTH = 5000


def bounded(text: str) -> str:
    """``text`` as a BoundedLengthString holds it: cut to end in ``...`` when too long."""
    if len(text) <= MAX_MESSAGE_LENGTH:
        return text
    return text[: MAX_MESSAGE_LENGTH - 3] + "..."


class LookoutEquipmentError(Exception):
    code = "InternalServerException"
    status = 400

    def __init__(self, message: str) -> None:
        message = bounded(message)
        super().__init__(message)
        self.message = message

    def body(self) -> str:
        return json.dumps({"__type": self.code, "Message": self.message})

    def headers(self) -> dict[str, str]:
        return {
            "x-amzn-ErrorType": self.code,
            "Content-Type": CONTENT_TYPE,
        }


class ValidationException(LookoutEquipmentError):
    code = "ValidationException"


class ResourceNotFoundException(LookoutEquipmentError):
    code = "ResourceNotFoundException"


class ConflictException(LookoutEquipmentError):
    code = "ConflictException"


class ServiceQuotaExceededException(LookoutEquipmentError):
    code = "ServiceQuotaExceededException"


class AccessDeniedException(LookoutEquipmentError):
    code = "AccessDeniedException"


class ThrottlingException(LookoutEquipmentError):
    code = "ThrottlingException"


class InternalServerException(LookoutEquipmentError):
    code = "InternalServerException"
    status = 500


class SerializationException(LookoutEquipmentError):
    """The request body is not a JSON object in UTF-8 text (or is nested too deeply to read)."""

    code = "SerializationException"


class UnknownOperationException(LookoutEquipmentError):
    """The X-Amz-Target header names no operation of this service."""

    code = "UnknownOperationException"


class NoOperationAt(UnknownOperationException):
    """A request other than ``POST /``: only that reaches an operation."""

    status = 404

    def __init__(self, request_line: str) -> None:
        super().__init__(
            f"{request_line} is not an operation of Amazon Lookout for Equipment: operations "
            "are called with POST /."
        )


class NotImplementedOperation(LookoutEquipmentError):
    """An operation of the service model that this version of the mock does not serve yet."""

    code = "NotImplementedException"
    status = 501

    def __init__(self, operation: str) -> None:
        super().__init__(f"The operation {operation} is not implemented by moto-lookoutequipment.")

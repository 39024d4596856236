"""Calls of botocore clients in the process where ``mock_aws`` runs, answered at ``before-call``.

moto answers an in-process call at botocore's ``before-send`` event: it matches the URL against
every service's patterns and builds a werkzeug request twice before this service sees the call,
which costs more than boto3's own work for the call. The handler here answers at ``before-call``
instead, once botocore has serialized the call: it signs the request as botocore would (so
``before-sign`` handlers run and the account comes from the credentials, as moto reads it),
answers through the same function as the HTTP door (``responses.answer``) and parses the answer
with botocore's own parser. Every ``before-call`` handler of the client runs before it (it is
registered last, on the least specific name), so botocore's ``Stubber`` and a user's own
handlers keep their say.

The handler steps aside, leaving the call to moto, when moto would not hand the call to this
service untouched: ``mock_aws`` inactive (server mode included), an endpoint other than the
service's own, moto's passthrough or service-whitelist settings, moto's recorder recording, or
errors injected through ``faults`` (so that botocore's retries see them).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from botocore.awsrequest import AWSResponse, create_request_object
from botocore.endpoint import convert_to_response_dict
from botocore.model import OperationModel
from botocore.parsers import create_parser

from . import _compat, faults, responses
from .responses import LookoutEquipmentResponse, RequestParts
from .spec import SERVICE_NAME

EVENT = "before-call"
# The service's own endpoints only: the host names of other services (an S3 bucket named
# "lookoutequipment", say) never reach this path.
_ENDPOINT = re.compile(r"https?://lookoutequipment\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com/?$")


class _Body(io.BytesIO):
    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self.read()


def answer_call(
    model: OperationModel,
    params: dict[str, Any],
    request_signer: Any,
    context: dict[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[AWSResponse, dict[str, Any]] | None:
    """The ``before-call`` handler: the HTTP response and parsed answer of a call of this
    service, or None to leave the call to botocore and moto."""
    if model.service_model.service_name != SERVICE_NAME or not _served_here(params):
        return None
    request = create_request_object(params)
    request_signer.sign(model.name, request)
    url = str(params["url"])
    reader = LookoutEquipmentResponse()
    reader.headers = request.headers
    reader.querystring = {}
    account = reader.get_current_account()
    region = reader.get_region_from_url(request, url)
    _compat.mark_account_as_visited(account, reader.get_access_key(), SERVICE_NAME, region)
    status, headers, text = responses.answer(
        RequestParts(
            method=str(request.method),
            path="/",
            headers=request.headers,
            body=responses.body_bytes(request.body),
            account=account,
            region=region,
        )
    )
    http = AWSResponse(url, status, headers, _Body(text.encode("utf-8")))
    return http, _parsed(http, model)


def _served_here(params: dict[str, Any]) -> bool:
    url = params.get("url")
    return (
        isinstance(url, str)
        and _ENDPOINT.match(url) is not None
        and _compat.in_process_mock_enabled()
        and _compat.moto_serves_in_process(url.rstrip("/") + "/", SERVICE_NAME)
        and not faults.any_waiting()
    )


def _parsed(http: AWSResponse, model: OperationModel) -> dict[str, Any]:
    """The answer as botocore's endpoint parses it, modelled error fields included."""
    service = model.service_model
    parser = create_parser(getattr(service, "resolved_protocol", service.protocol))
    response = convert_to_response_dict(http, model)
    parsed: dict[str, Any] = parser.parse(response, model.output_shape)
    if http.status_code >= 300:
        code = parsed.get("Error", {}).get("Code")
        error_shape = service.shape_for_error_code(code) if code else None
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    if "ResponseMetadata" in parsed:
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return parsed

"""The service's clock in server mode: moved over HTTP, so executions happen without waiting."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from inference_helpers import (
    ACCOUNT_ID,
    INPUT_BUCKET,
    NINE,
    OUTPUT_BUCKET,
    REGION,
    FakeModels,
    executions,
    results,
    scheduler_request,
    upload_windows,
    utc,
)
from wire_helpers import server_in_another_process

from moto_lookoutequipment import clock, lookoutequipment_backends
from moto_lookoutequipment.clock import (
    CLOCK_PATH,
    advance_server_time,
    reset_server_time,
    server_time,
    set_server_time,
)
from moto_lookoutequipment.models.common import utcnow
from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer


@pytest.fixture
def server(lookoutequipment_server: LookoutEquipmentServer) -> Iterator[LookoutEquipmentServer]:
    try:
        yield lookoutequipment_server
    finally:
        reset_server_time(lookoutequipment_server.endpoint_url)
        lookoutequipment_server.reset()


def request(url: str, method: str, body: bytes | None = None) -> tuple[int, Any]:
    call = urllib.request.Request(url + CLOCK_PATH, data=body, method=method)
    try:
        with urllib.request.urlopen(call, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_clock_is_held_moved_and_released(server: LookoutEquipmentServer) -> None:
    url = server.endpoint_url
    assert set_server_time(url, "2024-01-01T09:00:00Z") == NINE
    assert server_time(url) == NINE
    assert advance_server_time(url, 20 * 60) == utc(2024, 1, 1, 9, 20)
    assert set_server_time(url, datetime(2024, 2, 1, 12)) == utc(2024, 2, 1, 12)
    released = reset_server_time(url)
    assert abs(released - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_advancing_real_time_shifts_it(server: LookoutEquipmentServer) -> None:
    url = server.endpoint_url
    moved = advance_server_time(url, 3600)
    assert moved - datetime.now(timezone.utc) > timedelta(minutes=59)
    status, state = request(url, "GET")
    assert status == 200
    assert state["held"] is False


def test_the_endpoint_answers_bad_requests_plainly(server: LookoutEquipmentServer) -> None:
    url = server.endpoint_url
    status, body = request(url, "POST", b'{"now": "yesterday"}')
    assert status == 400
    assert b"yesterday" in body
    status, body = request(url, "POST", b'{"advance_seconds": "ten"}')
    assert (status, json.loads(body)) == (
        400,
        {"message": "advance_seconds must be a number of seconds."},
    )
    status, body = request(url, "POST", b"{}")
    assert status == 400
    status, _ = request(url, "PUT", b"{}")
    assert status == 405
    assert server_time(url) - datetime.now(timezone.utc) < timedelta(minutes=1)


RANGE = "a time from 1970-01-01 to before 9999-01-01"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'{"advance_seconds": 1e12}',
            f"Moving the clock by 1000000000000.0 seconds would take it out of its range: {RANGE}.",
        ),
        (
            b'{"advance_seconds": -1e11}',
            f"Moving the clock by -100000000000.0 seconds would take it out of its range: {RANGE}.",
        ),
        (
            b'{"advance_seconds": NaN}',
            f"Moving the clock by nan seconds would take it out of its range: {RANGE}.",
        ),
        (
            b'{"now": "9999-12-31T23:59:59Z"}',
            f"9999-12-31T23:59:59+00:00 is out of the clock's range: {RANGE}.",
        ),
        (
            b'{"now": "1969-12-31T23:59:59Z"}',
            f"1969-12-31T23:59:59+00:00 is out of the clock's range: {RANGE}.",
        ),
        (b'{"now": 1e20}', "1e+20 is not a time the clock can show"),
    ],
)
def test_times_out_of_the_clocks_range_are_refused_and_leave_it_working(
    server: LookoutEquipmentServer, body: bytes, message: str
) -> None:
    url = server.endpoint_url
    status, answer = request(url, "POST", body)
    assert status == 400
    assert json.loads(answer) == {"message": message}
    assert server.client().list_inference_schedulers()["InferenceSchedulerSummaries"] == []
    assert abs(server_time(url) - datetime.now(timezone.utc)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"now": "2024-01-01T09:00:00Z", "advance_seconds": "x"},
            "advance_seconds must be a number of seconds.",
        ),
        (
            {"now": "2024-01-01T09:00:00Z", "advance_seconds": 1e12},
            f"Moving the clock by 1000000000000.0 seconds would take it out of its range: {RANGE}.",
        ),
        (
            {"now": "2024-01-01T09:00:00Z", "speed": 2},
            "Unknown member(s) speed: send now, advance_seconds.",
        ),
    ],
)
def test_a_refused_request_does_not_move_the_clock(
    server: LookoutEquipmentServer, body: dict[str, Any], message: str
) -> None:
    url = server.endpoint_url
    set_server_time(url, "2030-06-01T00:00:00Z")

    status, answer = request(url, "POST", json.dumps(body).encode())

    assert (status, json.loads(answer)) == (400, {"message": message})
    assert server_time(url) == utc(2030, 6, 1)


def test_now_and_advance_seconds_together_hold_then_move(server: LookoutEquipmentServer) -> None:
    url = server.endpoint_url
    body = {"now": "2024-01-01T09:00:00Z", "advance_seconds": 600}

    status, state = request(url, "POST", json.dumps(body).encode())

    assert (status, state) == (200, {"now": "2024-01-01T09:10:00Z", "held": True})


def test_a_held_clock_refuses_a_move_out_of_range_and_keeps_its_time(
    server: LookoutEquipmentServer,
) -> None:
    url = server.endpoint_url
    set_server_time(url, "9998-12-31T23:00:00Z")
    status, _ = request(url, "POST", b'{"advance_seconds": 7200}')
    assert status == 400
    assert server_time(url) == utc(9998, 12, 31, 23)


def test_a_test_against_the_server_sees_executions_without_waiting(
    server: LookoutEquipmentServer,
) -> None:
    url = server.endpoint_url
    backend = lookoutequipment_backends[ACCOUNT_ID][REGION]
    backend.ml_models = FakeModels(backend)
    backend.ml_models.add()
    lookout, s3 = server.client(), server.client("s3")
    s3.create_bucket(Bucket=INPUT_BUCKET)
    s3.create_bucket(Bucket=OUTPUT_BUCKET)
    upload_windows(s3, NINE, utc(2024, 1, 1, 9, 20), spikes=[utc(2024, 1, 1, 9, 18)])

    set_server_time(url, NINE)
    lookout.create_inference_scheduler(**scheduler_request())
    advance_server_time(url, 20 * 60)

    listed = executions(lookout)
    assert [e["ScheduledStartTime"] for e in listed] == [
        utc(2024, 1, 1, 9, minute) for minute in (20, 15, 10, 5)
    ]
    assert {e["Status"] for e in listed} == {"SUCCESS"}
    lines = results(s3, listed[0]["CustomerResultObject"]["Key"])
    assert [line["prediction"] for line in lines] == [0, 0, 1, 0, 0]
    described = lookout.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["LatestInferenceResult"] == "ANOMALOUS"
    assert described["CreatedAt"] == NINE


def test_in_process_the_same_clock_is_a_python_call() -> None:
    try:
        clock.hold(NINE)
        assert utcnow() == NINE
        clock.advance(90)
        assert utcnow() == NINE + timedelta(seconds=90)
    finally:
        clock.reset()
    assert abs(utcnow() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_the_clock_of_a_server_in_another_process(tmp_path: Any) -> None:
    with server_in_another_process(tmp_path / "server.log") as url:
        set_server_time(url, NINE)
        lookout = boto3.client(
            "lookoutequipment",
            endpoint_url=url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        lookout.create_dataset(DatasetName="pump", ClientToken="token-1")
        assert lookout.describe_dataset(DatasetName="pump")["CreatedAt"] == NINE
        assert advance_server_time(url, 90) == NINE + timedelta(seconds=90)

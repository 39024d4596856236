"""Raw HTTP calls to the mocked service, for what boto3 would refuse or hide, and the server
command run in another process."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from moto import settings

from moto_lookoutequipment import spec

ENDPOINT = "https://lookoutequipment.us-east-1.amazonaws.com/"
CONTENT_TYPE = "application/x-amz-json-1.0"
# The credential scope of a signature (moto's server does not check the signature itself).
SIGNED = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/"
    "lookoutequipment/aws4_request, SignedHeaders=host, Signature=0"
}


def _routed(endpoint: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    """In server mode a request for the AWS endpoint goes to the server, which finds the service
    by the credential scope of the signature, as it does for every SDK's request."""
    if not settings.TEST_SERVER_MODE or endpoint != ENDPOINT:
        return endpoint, headers
    return settings.test_server_mode_endpoint() + "/", {**SIGNED, **headers}


def post(
    operation: str | None = None,
    body: Any = None,
    *,
    raw: str | bytes | None = None,
    target: str | None = None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    endpoint: str = ENDPOINT,
) -> requests.Response:
    """POST (or ``method``) one request; ``body`` is sent as JSON unless ``raw`` gives the exact
    bytes."""
    sent = {
        "Content-Type": CONTENT_TYPE,
        "X-Amz-Target": target if target is not None else f"{spec.TARGET_PREFIX}.{operation}",
        **(headers or {}),
    }
    data = raw if raw is not None else json.dumps({} if body is None else body)
    url, sent = _routed(endpoint, sent)
    return requests.request(method, url, data=data, headers=sent, timeout=10)


def error_of(response: requests.Response) -> tuple[str, str]:
    body = response.json()
    return body["__type"], body["Message"]


def assert_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status
    assert response.headers["Content-Type"] == CONTENT_TYPE
    assert response.headers["x-amzn-ErrorType"] == code
    assert response.headers["x-amzn-RequestId"]
    body = response.json()
    assert set(body) == {"__type", "Message"}
    assert body["__type"] == code
    assert "Traceback" not in body["Message"]
    return str(body["Message"])


def violations(message: str) -> list[str]:
    """The paths a ValidationException message names, one per broken constraint."""
    return re.findall(r" at '([^']*)' failed to satisfy constraint: ", message)


COMMAND = "moto-lookoutequipment-server"
STARTUP_LIMIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def command_path() -> str:
    path = shutil.which(COMMAND, path=str(Path(sys.executable).parent))
    assert path is not None, f"{COMMAND} is not installed next to {sys.executable}"
    return path


def wait_until_serving(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"the server did not answer within {STARTUP_LIMIT_SECONDS}s: {log.read_text()}")


def start_server(command: list[str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("wb") as output:
        # The server logs every request: a file, unlike a pipe, never fills up and blocks it.
        process = subprocess.Popen(
            [*command, "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, url, log)
    except BaseException:
        stop_server(process)
        raise
    return process, url


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server_in_another_process(log: Path, command: list[str] | None = None) -> Iterator[str]:
    """The server ``command`` (by default the installed server command) running in another
    process on a free port, its output in ``log``; yields its URL and stops it after."""
    process, url = start_server(command or [command_path()], log)
    try:
        yield url
    finally:
        stop_server(process)

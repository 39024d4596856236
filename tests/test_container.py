"""The container for server users: what the Dockerfile runs, checked without a container engine
(the image itself is built by ``make dist`` where ``docker info`` answers), and the README's
compose example."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from readme_examples import readme_example
from wire_helpers import command_path, server_in_another_process

from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer

ROOT = Path(__file__).parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def final_stage() -> list[tuple[str, str]]:
    """The instructions of the Dockerfile's last stage, as (instruction, arguments)."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    instructions = [line.split(None, 1) for line in lines if line and not line.startswith("#")]
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return [(word, rest) for word, rest in instructions[last_from:]]


def instruction(name: str) -> str:
    (value,) = [rest for word, rest in final_stage() if word == name]
    return value


def test_the_image_runs_the_server_on_every_interface_as_an_unprivileged_user() -> None:
    entrypoint = json.loads(instruction("ENTRYPOINT"))
    assert entrypoint == ["moto-lookoutequipment-server", "-H", "0.0.0.0"]
    assert json.loads(instruction("CMD")) == ["-p", "5000"]
    assert instruction("EXPOSE") == "5000"
    assert instruction("USER") == "moto"
    assert "useradd --system" in instruction("RUN")
    assert '"${whl}[server]"' in instruction("RUN")  # the wheel, with moto's server extra


def test_the_build_context_holds_what_the_wheel_stage_copies() -> None:
    allowed = {
        line[1:]
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    copied = [
        rest.split()[:-1]
        for word, rest in (
            line.split(None, 1)
            for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
            if line.startswith("COPY ") and "--from" not in line
        )
    ]
    for sources in copied:
        for source in sources:
            assert source in allowed, source
            assert (ROOT / source).exists(), source


def test_the_entrypoint_serves_and_the_healthcheck_sees_it(tmp_path: Path) -> None:
    entrypoint = json.loads(instruction("ENTRYPOINT"))
    command = [command_path(), *entrypoint[1:]]  # the same command, from this virtualenv
    with server_in_another_process(tmp_path / "server.log", command) as url:
        port = url.rsplit(":", 1)[1]
        check = json.loads(instruction("HEALTHCHECK").split("CMD", 1)[1])
        assert check[0] == "python"
        healthy = subprocess.run(
            [sys.executable, *check[1:-1], check[-1].replace(":5000", f":{port}")], timeout=30
        )
        assert healthy.returncode == 0
        client = LookoutEquipmentServer("127.0.0.1", int(port)).client()
        assert client.list_datasets()["DatasetSummaries"] == []


def test_the_readme_compose_example_waits_for_a_healthy_server() -> None:
    compose: dict[str, Any] = yaml.safe_load(readme_example("Containers", "yaml"))
    aws, tests = compose["services"]["aws"], compose["services"]["tests"]
    assert aws["build"] == "."
    assert aws["ports"] == ["5000:5000"]
    assert tests["depends_on"] == {"aws": {"condition": "service_healthy"}}
    assert tests["environment"]["AWS_ENDPOINT_URL"] == "http://aws:5000"
    assert "HEALTHCHECK" in [word for word, _ in final_stage()]


def test_the_readme_names_the_build_command_make_image_runs() -> None:
    console = readme_example("Containers", "console")
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "docker build -t $(IMAGE) ." in make
    assert shlex.split(console.splitlines()[0].split("#", 1)[1]) == [
        "docker",
        "build",
        "-t",
        "moto-lookoutequipment",
        ".",
    ]

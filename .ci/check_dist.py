"""Check the built distributions as a user receives them.

Run by ``make dist`` with the Python of a virtualenv into which only the wheel (with its
``server`` extra) and pytest were installed. It checks that the wheel carries the service model
and ``py.typed``, that ``moto-lookoutequipment-server`` answers a boto3 call, and that the pytest
plugin's fixtures work, all from a folder outside the source tree.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

REQUIRED_IN_WHEEL = ("moto_lookoutequipment/service-2.json", "moto_lookoutequipment/py.typed")

PLUGIN_TEST = textwrap.dedent(
    """
    def test_fixtures(lookoutequipment_client, lookoutequipment_factory):
        model = lookoutequipment_factory.trained_model(days=200, training_days=200)
        described = lookoutequipment_client.describe_model(ModelName=model.name)
        assert described["Status"] == "SUCCESS"
    """
)


def check_wheel(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED_IN_WHEEL if name not in names]
    if missing:
        sys.exit(f"{wheel.name} lacks {', '.join(missing)}")
    print(f"{wheel.name}: carries {', '.join(REQUIRED_IN_WHEEL)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_server(folder: Path) -> None:
    from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer

    command = Path(sys.executable).parent / "moto-lookoutequipment-server"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [str(command), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log, cwd=folder
    )
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    sys.exit(f"the server exited: {(folder / 'server.log').read_text()}")
                time.sleep(0.1)
        client = LookoutEquipmentServer("127.0.0.1", port).client()
        client.create_dataset(DatasetName="pump", ClientToken="release-check")
        status = client.describe_dataset(DatasetName="pump")["Status"]
        if status != "CREATED":
            sys.exit(f"the server answered DescribeDataset with {status}")
        print(f"moto-lookoutequipment-server: answered CreateDataset and DescribeDataset on {url}")
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def check_plugin(folder: Path) -> None:
    (folder / "test_installed.py").write_text(PLUGIN_TEST, encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_installed.py"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if finished.returncode != 0:
        sys.exit(f"the plugin's fixtures failed:\n{finished.stdout}\n{finished.stderr}")
    print(f"pytest plugin: {finished.stdout.strip().splitlines()[-1]}")


def main() -> None:
    (wheel,) = (Path(name).resolve() for name in sys.argv[1:])
    check_wheel(wheel)
    import moto_lookoutequipment

    source = Path(moto_lookoutequipment.__file__).resolve()
    if source.parent == Path(__file__).resolve().parent.parent / "moto_lookoutequipment":
        sys.exit(f"the package was imported from the source tree ({source}), not the wheel")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        check_server(folder)
        check_plugin(folder)


if __name__ == "__main__":
    main()

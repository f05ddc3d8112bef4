"""`registry serve` as an attacker meets it: a rebinding web page, a file linked out of the register, a day of
saves, connections left open."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.serve import Preview, _handler, _Server


@pytest.fixture
def server(example: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Server, int]]:
    """The preview's server in this process, with a short idle timeout."""
    import registry.serve

    monkeypatch.setattr(registry.serve, "IDLE_SECONDS", 0.5)
    preview = Preview(example)
    preview.refresh()
    served = _Server(("127.0.0.1", 0), _handler(preview))
    thread = threading.Thread(target=served.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield served, served.server_address[1]
    served.shutdown()
    served.server_close()


def _get(port: int, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", "/register.html", skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    answer = connection.getresponse()
    return answer.status, answer.read()


def test_only_local_host_names_are_answered(server: tuple[_Server, int]) -> None:
    _, port = server
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        status, page = _get(port, host)
        assert status == 200 and b"Gestion des clients" in page, host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", f"127.0.0.1.nip.io:{port}",
                 "", None):
        status, page = _get(port, host)
        assert status == 421 and b"Gestion des clients" not in page, host


def test_on_port_80_a_host_without_port_is_local() -> None:
    from registry.serve import _local

    assert _local("localhost", 80) and _local("127.0.0.1:80", 80) and not _local("localhost", 8000)
    assert not _local("attacker.example", 80)


def test_idle_connections_are_closed(server: tuple[_Server, int]) -> None:
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=5) as idle:
        started = time.perf_counter()
        assert idle.recv(1) == b""  # closed by the server, having sent nothing
        assert time.perf_counter() - started < 4


def test_connections_are_served_by_a_bounded_number_of_threads(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import registry.serve

    monkeypatch.setattr(registry.serve, "IDLE_SECONDS", 10.0)
    monkeypatch.setattr(registry.serve, "MAX_CONNECTIONS", 4)
    preview = Preview(example)
    preview.refresh()
    served = _Server(("127.0.0.1", 0), _handler(preview))
    threading.Thread(target=served.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    port = served.server_address[1]
    before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
    try:
        time.sleep(0.3)
        assert threading.active_count() - before == 4  # the four others were closed at once
        assert sum(connection.recv(1) == b"" for connection in idle[4:]) == 4
    finally:
        for connection in idle:
            connection.close()
        time.sleep(0.3)
    try:
        assert _get(port, f"localhost:{port}")[0] == 200  # the slots are free again
    finally:
        served.shutdown()
        served.server_close()


def test_an_activity_linked_out_of_the_register_is_refused_not_quoted(example: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: X-01\nname: the CI token is hunter2\n", encoding="utf-8")
    (example / "activities" / "link.yaml").symlink_to(secret)
    preview = Preview(example)
    preview.refresh()
    page = preview.page("/register.html") or b""
    assert b"activities/link.yaml" in page and b"V015" in page
    assert b"hunter2" not in page


def test_a_templates_folder_linked_out_shows_its_problem(example: Path) -> None:
    (example / "templates").symlink_to("/usr" if Path("/usr").is_dir() else example.parent)
    preview = Preview(example)
    started = time.perf_counter()
    preview.refresh()
    page = preview.page("/register.html") or b""
    assert b"V015" in page and b"templates" in page
    assert time.perf_counter() - started < 30


def test_memory_stays_flat_over_hundreds_of_saves(example: Path) -> None:
    """Each save used to keep about half a megabyte: the loader froze the garbage of the previous build, and the
    memory cache kept what every save made."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("no /proc on this system")

    def resident() -> float:
        return int(statm.read_text().split()[1]) * 4096 / 1_048_576

    fiche = example / "activities" / "gestion-clients.yaml"
    original = fiche.read_text(encoding="utf-8")
    preview = Preview(example)

    def save(number: int) -> None:
        fiche.write_text(original.replace("{fr: Gestion des clients,", f"{{fr: Gestion des clients {number},", 1),
                         encoding="utf-8")
        preview.refresh()

    for number in range(60):
        save(number)
    start = resident()
    for number in range(60, 260):
        save(number)
    assert b"Gestion des clients 259" in (preview.page("/register.html") or b"")
    assert resident() - start < 12, f"{resident() - start:.1f} MB more after 200 saves"

"""Hostile HTTP clients against the real web process (gunicorn as the Procfile starts it).

A 100 MB body is refused with 413 without being read (with and without a
Content-Length), and connections that trickle their request a byte at a time
do not keep ``/healthz`` from answering.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from tests.processes import WebProcess

HUNDRED_MB = 100 * 1024 * 1024
CHUNK = b"x" * (1024 * 1024)


@pytest.fixture
def web(env, tmp_path) -> Iterator[WebProcess]:
    process = WebProcess(env, tmp_path / "web.log", workers=1)
    process.start()
    yield process
    process.stop()


def rss_kib(web: WebProcess) -> int:
    """Resident memory of the web worker processes, in KiB."""
    total = 0
    for pid in web.worker_pids():
        with open(f"/proc/{pid}/status") as status:
            total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return total


def connect(web: WebProcess) -> socket.socket:
    address = urlsplit(web.url)
    return socket.create_connection((address.hostname, address.port), timeout=30)


def send_large_body(web: WebProcess, chunked: bool) -> bytes:
    """POST 100 MB to /slack/events as fast as the server takes it; the first bytes of its answer."""
    sock = connect(web)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {HUNDRED_MB}"
    sock.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{length}\r\n\r\n"
                 .encode())
    try:
        for _ in range(HUNDRED_MB // len(CHUNK)):
            sock.sendall(f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n" if chunked else CHUNK)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed: it read no more than it needed
    try:
        return sock.recv(200)
    except OSError:
        return b""
    finally:
        sock.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["with Content-Length", "chunked"])
def test_a_100_mb_body_is_refused_without_reading_it(web, chunked: bool) -> None:
    requests.get(web.url + "/healthz", timeout=5)  # the worker is warm
    before = rss_kib(web)
    answer = send_large_body(web, chunked)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert rss_kib(web) - before < 20 * 1024, "the web process grew by 20 MB or more"
    assert requests.get(web.url + "/healthz", timeout=5).status_code == 200


def test_trickling_clients_do_not_stall_the_health_check(web) -> None:
    stop = threading.Event()
    sockets = [connect(web) for _ in range(8)]

    def trickle(sock: socket.socket) -> None:
        request = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
        for byte in request:
            if stop.wait(5):
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return  # dropped by the server: fine

    threads = [threading.Thread(target=trickle, args=(sock,), daemon=True) for sock in sockets]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)  # every trickler has sent its first byte and holds its connection
        for _ in range(3):
            started = time.monotonic()
            assert requests.get(web.url + "/healthz", timeout=5).status_code == 200
            assert time.monotonic() - started < 1.0
    finally:
        stop.set()
        for sock in sockets:
            sock.close()

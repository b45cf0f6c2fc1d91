"""docker-compose.yml: nginx, web, worker and Redis (AOF, a password), health checks, the Procfile's commands;
and deploy/nginx.conf run for real in front of the web process."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from tests.conftest import ROOT, free_port, procfile_command
from tests.processes import WebProcess

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_are_proxy_web_worker_and_redis_with_health_checks() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"proxy", "web", "worker", "redis"}
    assert all("healthcheck" in service for service in services.values())


def test_only_the_proxy_is_published_and_it_uses_the_repos_config() -> None:
    services = COMPOSE["services"]
    assert services["proxy"]["ports"] == ["8000:80"]
    assert not any("ports" in services[name] for name in ("web", "worker", "redis"))
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["proxy"]["volumes"]


def test_redis_keeps_its_data_with_aof_and_needs_a_password() -> None:
    redis = COMPOSE["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command and "--requirepass" in command
    assert any(volume.endswith(":/data") for volume in redis["volumes"])
    for name in ("web", "worker"):
        assert COMPOSE["services"][name]["environment"]["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD")


def test_process_commands_match_the_procfile() -> None:
    assert COMPOSE["services"]["web"]["command"] == procfile_command("web")
    assert COMPOSE["services"]["worker"]["command"] == procfile_command("worker")


def test_web_health_check_uses_healthz() -> None:
    assert "/healthz" in str(COMPOSE["services"]["web"]["healthcheck"]["test"])


def test_worker_health_check_fails_without_a_worker_and_passes_with_one(env, worker) -> None:
    import time

    check = [sys.executable, "-m", "workers.healthcheck"]
    deadline = time.monotonic() + 15
    while subprocess.run(check, cwd=ROOT, env={**env, "PATH": "/usr/bin:/bin"}).returncode != 0:
        assert time.monotonic() < deadline, "the worker never showed up as healthy"
        time.sleep(0.3)
    worker.stop()
    time.sleep(0.5)
    assert subprocess.run(check, cwd=ROOT, env={**env, "PATH": "/usr/bin:/bin"},
                          capture_output=True).returncode == 1


# ----------------------------------------------------------- the nginx proxy, run for real
@pytest.fixture
def proxied(env, tmp_path):
    """deploy/nginx.conf (upstream and port adapted) in front of the real web process."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs it; apt-get install nginx-light)")
    web = WebProcess(env, tmp_path / "web.log", workers=1)
    web.start()
    port = free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server web:8000;", f"server 127.0.0.1:{web.port};").replace("listen 80;", f"listen {port};")
    conf = conf.replace("events {", f"pid {tmp_path}/nginx.pid;\nevents {{", 1)
    (tmp_path / "nginx.conf").write_text(conf)
    process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "nginx did not come up"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        web.stop()


def test_the_proxy_refuses_a_large_body_and_passes_the_health_check(proxied) -> None:
    assert requests.post(proxied + "/slack/events", data=b"x" * (65 * 1024), timeout=10).status_code == 413
    assert requests.get(proxied + "/healthz", timeout=5).json() == {"status": "ok"}


def test_the_proxy_holds_trickling_clients_away_from_the_web_process(proxied) -> None:
    address = urlsplit(proxied)
    sockets = [socket.create_connection((address.hostname, address.port)) for _ in range(8)]
    try:
        for sock in sockets:
            sock.send(b"POST /slack/events HTTP/1.1\r\nHo")  # and nothing more for now
        started = time.monotonic()
        assert requests.get(proxied + "/healthz", timeout=5).status_code == 200
        assert time.monotonic() - started < 1.0
    finally:
        for sock in sockets:
            sock.close()

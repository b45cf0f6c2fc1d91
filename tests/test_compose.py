"""docker-compose.yml: web, worker and Redis with AOF and health checks, commands as in the Procfile."""
from __future__ import annotations

import subprocess
import sys

import yaml

from tests.conftest import ROOT, procfile_command

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_are_web_worker_and_redis_with_health_checks() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"web", "worker", "redis"}
    assert all("healthcheck" in service for service in services.values())


def test_redis_keeps_its_data_with_aof() -> None:
    redis = COMPOSE["services"]["redis"]
    assert "--appendonly" in redis["command"] and "yes" in redis["command"]
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


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

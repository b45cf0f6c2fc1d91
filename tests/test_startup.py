"""Both processes refuse to start on a bad configuration, with one line naming the problem."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port, procfile_command

BAD = {"TOGGLBOT_APPROVAL_REQUIRED": "user.remove,user.remvoe"}
LINE = ("togglbot: configuration error: TOGGLBOT_APPROVAL_REQUIRED names an unknown action 'user.remvoe'; "
        "known actions: ")


@pytest.mark.parametrize("process", ["web", "worker"])
def test_an_unknown_approval_action_stops_the_process_with_one_line(env, process: str) -> None:
    command = procfile_command(process)
    command[0] = str(Path(sys.executable).parent / command[0])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**env, **BAD, "GUNICORN_BIND": f"127.0.0.1:{free_port()}", "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "configuration error" in line]
    assert len(lines) == 1 and lines[0].startswith(LINE), done.stdout + done.stderr
    assert "Traceback" not in done.stderr

"""The layout holds together: every catalogue row has its code, packages import only what they may."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from rq.utils import import_attribute

from bot.catalogue import CATALOGUE
from bot.jobqueue import JOB_FUNCTIONS, ON_FAILURE
from web.answers import ANSWERS
from workers.changes import PLANNERS, STEP_KINDS
from workers.handlers import HANDLERS

ROOT = Path(__file__).resolve().parent.parent
# package → the first-party packages it must never import
FORBIDDEN = {
    "toggl": {"bot", "web", "workers", "fakes", "sandbox", "bench", "tests", "app"},
    "bot": {"web", "workers", "toggl", "fakes", "sandbox", "bench", "tests", "app"},
    "web": {"workers", "toggl", "fakes", "sandbox", "bench", "tests"},
    "workers": {"web", "fakes", "sandbox", "bench", "tests", "app"},
    "fakes": {"bot", "web", "workers", "toggl", "sandbox", "bench", "tests", "app"},
    "sandbox": {"tests", "bench"},
    "bench": {"tests"},
    "supervisor": {"bot", "web", "workers", "toggl", "fakes", "bench", "tests", "app"},
}


def test_the_worker_plans_every_change_and_handles_every_other_queued_command() -> None:
    assert set(PLANNERS) == {name for name, spec in CATALOGUE.items() if spec.change}
    assert set(HANDLERS) == {name for name, spec in CATALOGUE.items() if spec.queued and not spec.change}


def test_every_step_a_planner_can_make_has_a_kind_and_every_change_is_queued() -> None:
    assert all(spec.queued for spec in CATALOGUE.values() if spec.change)
    assert set(STEP_KINDS) == {"workspace_user.update", "workspace_users.delete", "rate.create", "reminder.create",
                               "reminder.update", "reminder.delete", "client.update", "client.archive",
                               "client.restore", "workspace.update", "me.update", "alert.create", "alert.delete",
                               "workspace.create", "webhook.create", "webhook.delete"}


def test_the_web_answers_exactly_the_commands_that_are_not_queued() -> None:
    assert set(ANSWERS) == {name for name, spec in CATALOGUE.items() if not spec.queued}


@pytest.mark.parametrize("path", sorted(JOB_FUNCTIONS | {ON_FAILURE}))
def test_every_job_path_names_a_function(path: str) -> None:
    assert callable(import_attribute(path))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_only_what_its_process_may(package: str) -> None:
    offences = {f"{path.relative_to(ROOT)} imports {name}"
                for path in (ROOT / package).rglob("*.py")
                for name in _imports(path) & FORBIDDEN[package]}
    assert not offences


def test_the_web_process_loads_no_toggl_or_worker_code() -> None:
    script = ("import sys, app; bad = sorted(m for m in sys.modules if m.split('.')[0] in ('toggl', 'workers', "
              "'fakes')); print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_leaves_out_tests_bench_and_fakes() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {"tests", "bench", "fakes", "sandbox"} <= ignored


def test_runtime_requirements_hold_no_test_tools() -> None:
    runtime = (ROOT / "requirements.txt").read_text().lower()
    assert not any(tool in runtime for tool in ("pytest", "hypothesis", "ruff"))
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()

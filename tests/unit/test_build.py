"""The build refuses to publish invalid data and fails when the plugin is not loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relief.build import PluginNotLoaded, build
from relief.stopwatch import STAGES, Stopwatch
from tests.conftest import ROOT, SAMPLE_DATA, build_with_settings, site_files


def _run_build(data: Path, output: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELIEF_TODAY": "2026-11-29"}
    return subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


def test_invalid_data_builds_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    target = data / "organizations" / "zy-rescue-team.yaml"
    target.write_text(target.read_text("utf-8").replace("kind: social_service_org",
                                                        "kind: rescue_team"), "utf-8")
    result = _run_build(data, tmp_path / "site")
    assert result.returncode == 1
    assert "error[schema.enum]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_build_outside_the_project_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(SAMPLE_DATA)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "找不到 pelicanconf.py" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "output").exists()


def test_a_build_without_the_plugin_fails(tmp_path: Path) -> None:
    conf = tmp_path / "pelicanconf.py"
    conf.write_text(f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n")
    with pytest.raises(PluginNotLoaded):
        build(SAMPLE_DATA, tmp_path / "site", settings_file=conf)


def test_a_misspelt_setting_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    result = build_with_settings(tmp_path, "RELIEF['STALE_AFTER_DAY'] = 30\n")
    assert result.returncode == 2, result.stderr
    assert "用法错误" in result.stderr and "did you mean STALE_AFTER_DAYS?" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_build_times_every_stage(tmp_path: Path) -> None:
    result = _run_build(SAMPLE_DATA, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("各阶段耗时"))
    timed = [part.split()[0] for part in line.split(": ", 1)[1].split(" · ")]
    assert timed == list(STAGES)


def test_a_stopwatch_adds_up_a_stage_timed_twice_and_refuses_an_unknown_one() -> None:
    watch = Stopwatch()
    for _ in range(2):
        with watch.stage("render"):
            time.sleep(0.01)
    assert watch.seconds["render"] >= 0.02
    assert watch.summary().startswith("render 0.0")
    with pytest.raises(ValueError, match="unknown stage"), watch.stage("paint"):
        pass


def test_the_site_does_not_depend_on_how_many_workers_built_it(tmp_path: Path) -> None:
    built = {}
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        result = build_with_settings(folder, f"RELIEF['WORKERS'] = {workers}\n")
        assert result.returncode == 0, result.stdout + result.stderr
        built[workers] = site_files(folder / "site")
    assert len(built[1]) > 100 and any(name.startswith("search/") for name in built[1])
    assert sorted(built[2]) == sorted(built[1])
    assert [name for name in built[1] if built[2][name] != built[1][name]] == []

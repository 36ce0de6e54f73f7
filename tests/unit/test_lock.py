"""requirements.lock: every package the bootstrap installs, with hashes, agreeing with the pins
of pyproject.toml; the Makefile installs from it in hash-checking mode and nothing else."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

LOCK = ROOT / "requirements.lock"
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)((?:[^\n]*\\\n)*[^\n]*)", re.M)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, tuple[str, str]]:
    """Package -> (version, the rest of its entry: marker and hashes)."""
    text = LOCK.read_text(encoding="utf-8")
    return {canonical(m.group(1)): (m.group(2), m.group(3)) for m in ENTRY.finditer(text)}


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["dev"],
        *project["dependency-groups"]["bootstrap"],
    ]
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[canonical(match.group(1))] = match.group(2)
    return pins


def test_every_top_level_pin_is_locked_at_its_version() -> None:
    entries = locked()
    wrong = {name: (version, entries.get(name, ("missing",))[0])
             for name, version in pyproject_pins().items()
             if entries.get(name, ("",))[0] != version}
    assert not wrong, f"pyproject.toml and {LOCK.name} disagree (run `make lock`): {wrong}"


def test_the_installers_are_locked_too() -> None:
    assert {"pip", "setuptools"} <= set(locked())


def test_every_entry_has_hashes() -> None:
    entries = locked()
    assert len(entries) > 40
    for name, (_version, rest) in entries.items():
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", rest), f"{name}: no hash in the lock"


def test_the_bootstrap_installs_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert rule, "no $(STAMP) rule in the Makefile"
    assert "$(LOCK)" in rule.group(1).split() and "pyproject.toml" in rule.group(1).split()
    assert re.search(r"^LOCK := requirements\.lock$", makefile, re.M)
    recipe = rule.group(2)
    assert re.search(r"^\t@echo ", recipe, re.M), "the bootstrap does not say what it does"
    installs = [line for line in recipe.splitlines() if "pip install" in line]
    assert "--require-hashes -r $(LOCK)" in installs[0]
    assert all("--require-hashes" in line or "--no-deps --no-build-isolation -e ." in line
               for line in installs), installs
    assert "--upgrade" not in recipe
    assert re.search(r"^lock:", makefile, re.M), "no `make lock` target"

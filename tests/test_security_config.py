"""Issue 12, item 7: a `scanner.toml` or `pyproject.toml` in the working directory (a candidate's
unpacked upload) never acts silently: the terminal and the report say which file was read and
what it turns off, the checks it disables are "not run: disabled by FILE", and a file another
user owns or may write is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from security_helpers import scanner_main

PLANTED = 'ignore = ["ALL"]\n'


def _check(cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict, str]:
    monkeypatch.chdir(cwd)
    run = scanner_main(
        "check", "--name", "Dana Whitfield", "--phone", "(312) 555-0100", "--email",
        "dana@mailinator.com", "--no-db", "--format", "json",
    )  # fmt: skip
    run.assert_handled()
    return run.code, (json.loads(run.out) if run.out else {}), run.err


def test_a_planted_config_is_named_with_what_it_disables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scanner.toml").write_text(PLANTED)
    (tmp_path / "scanner.toml").chmod(0o644)
    _, doc, err = _check(tmp_path, monkeypatch)
    assert f"settings from {tmp_path / 'scanner.toml'}: disables" in err
    assert doc["settings"]["config_file"] == str(tmp_path / "scanner.toml")
    assert any(c.startswith("disables") for c in doc["settings"]["config_changes"])
    not_run = doc["candidates"][0]["checks_not_run"]
    disabled = [x for x in not_run if "disabled by" in json.dumps(x)]
    assert disabled and str(tmp_path / "scanner.toml") in json.dumps(disabled[0])


def test_a_pyproject_that_moves_the_store_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scanner]\ndb = "elsewhere.db"\n')
    _, doc, err = _check(tmp_path, monkeypatch)
    assert "[tool.scanner]: history store at elsewhere.db" in err
    assert "history store at elsewhere.db" in doc["settings"]["config_changes"]


def test_a_config_others_may_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "scanner.toml"
    cfg.write_text(PLANTED)
    cfg.chmod(0o666)
    code, _, err = _check(tmp_path, monkeypatch)
    assert code == 2 and "others may write to it" in err


def test_a_config_owned_by_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "scanner.toml"
    cfg.write_text(PLANTED)
    try:
        os.chown(cfg, 54321, 54321)
    except PermissionError:
        pytest.skip("changing a file's owner needs root")
    code, _, err = _check(tmp_path, monkeypatch)
    assert code == 2 and "belongs to another user" in err


def test_without_a_config_nothing_is_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, doc, err = _check(tmp_path, monkeypatch)
    assert "settings from" not in err and "settings" not in doc

"""Configuration: files, selection by code or prefix, severity overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import Config, ConfigError, load_config, parse_codes
from scanner.model import Severity


def test_defaults_when_no_file(tmp_path: Path) -> None:
    cfg = load_config(tmp_path)
    assert cfg.select == () and cfg.fail_on is Severity.HIGH


def test_scanner_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "scanner.toml").write_text(
        'select = ["TL", "CT001"]\nignore = ["TL004"]\nfail_on = "medium"\n'
        '[severity]\nct007 = "medium"\n[thresholds.TL001]\noverlap_months = 6\n'
        '[references.founding_years]\n"Example Robotics" = 2016\n'
    )
    cfg = load_config(tmp_path)
    assert cfg.select == ("TL", "CT001")
    assert cfg.severity_override("CT007") is Severity.MEDIUM
    assert cfg.threshold("TL001", "overlap_months", 3) == 6
    assert cfg.fail_on is Severity.MEDIUM
    assert cfg.references["founding_years"]["Example Robotics"] == 2016
    assert cfg.selected(["TL001", "TL004", "CT001", "CT002", "XS001"]) == ["TL001", "CT001"]


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[tool.scanner]\nignore = ["CT011"]\n'
    )
    assert load_config(tmp_path).ignore == ("CT011",)


def test_pyproject_without_section_is_default(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n')
    assert load_config(tmp_path) == Config()


def test_longest_match_wins() -> None:
    cfg = Config(select=("CT011",), ignore=("CT",))
    assert cfg.selected(["CT001", "CT011"]) == ["CT011"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("select = [", "not valid TOML"),
        ("colour = 1", "unknown setting"),
        ('[severity]\nTL001 = "severe"', "unknown severity"),
        ('select = ["T-1"]', "not a check code"),
        ("[limits]\nmax_pages = -1", "positive number"),
        ("[limits]\nmax_pagez = 10", "not a limit"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "scanner.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_parse_codes() -> None:
    assert parse_codes("tl, ct001") == ("TL", "CT001")
    assert parse_codes(None) is None


def test_db_from_config_is_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner.store.db import default_db_path

    (tmp_path / "scanner.toml").write_text('db = "stores/history.db"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCANNER_DB", raising=False)
    assert load_config(tmp_path).db == "stores/history.db"
    assert default_db_path() == Path("stores/history.db")
    monkeypatch.setenv("SCANNER_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"


def test_every_limit_the_code_reads_is_known() -> None:
    """A [limits] key read anywhere in the scanner must be accepted by the configuration."""
    import re

    from scanner.collectors.github import GithubLimits
    from scanner.config import LIMIT_KEYS

    root = Path(__file__).resolve().parent.parent / "scanner"
    read = set()
    for path in root.rglob("*.py"):
        read |= set(re.findall(r"limits\.get\(\"(\w+)\"", path.read_text(encoding="utf-8")))
    read |= {f"github_{n}" for n in GithubLimits.__dataclass_fields__}
    from extractors.documents import Limits

    read |= set(Limits.__dataclass_fields__)
    assert read <= set(LIMIT_KEYS), read - set(LIMIT_KEYS)

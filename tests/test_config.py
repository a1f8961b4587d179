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
    assert cfg.params("TL001")["overlap_months"] == 6
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


def test_limits_are_read_only_through_the_components_declarations() -> None:
    """No part of the scanner reads a `[limits]` key by name: each component declares its limits
    as a dataclass and reads them with `limits_from`, so what is read is what is accepted."""
    import re

    root = Path(__file__).resolve().parent.parent
    for path in [
        *root.joinpath("scanner").rglob("*.py"),
        *root.joinpath("extractors").rglob("*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"limits\.get\(|limits\[\"", text), path


def _documented_settings() -> tuple[set[str], set[tuple[str, str]]]:
    """`[limits]` keys and `[thresholds.CODE]` parameters the docs and check docs mention."""
    import re

    from scanner.registry import registry

    root = Path(__file__).resolve().parent.parent
    texts = [
        p.read_text(encoding="utf-8") for p in [root / "README.md", *(root / "docs").glob("*.md")]
    ]
    texts += [spec.docs for spec in registry]
    limits: set[str] = set()
    params: set[tuple[str, str]] = set()
    for text in texts:
        for para in re.split(r"\n\s*\n", text):
            # TOML blocks: keys under a [limits] or [thresholds.CODE] header
            section = None
            for line in para.splitlines():
                head = re.match(r"\s*\[(limits|thresholds\.([A-Z]{2}\d{3}|NW))\]", line)
                if head:
                    section = head.group(2) or "limits"
                    continue
                if line.strip().startswith("[") or line.strip().startswith("```"):
                    section = None
                key = re.match(r"\s*([a-z_]+)\s*=", line)
                if section and key:
                    if section == "limits":
                        limits.add(key.group(1))
                    else:
                        params.add((section, key.group(1)))
            # prose: "`[limits]` ... `fetch_timeout` (15)" and "`[thresholds.TL003] name = 24`"
            if "[limits]" in para:
                limits |= set(re.findall(r"`((?:fetch|github|archive|webhook|max)_[a-z_]+)`", para))
            for code, name in re.findall(r"\[thresholds\.([A-Z]{2}\d{3}|NW)\] ([a-z_]+)", para):
                params.add((code, name))
    return limits, params


def test_every_documented_setting_is_accepted(tmp_path: Path) -> None:
    """Regression: docs/live.md documented `[limits] fetch_timeout` and five more that the loader
    refused ("is not a limit"). Every setting the docs name now loads."""
    limits, params = _documented_settings()
    assert {"fetch_timeout", "fetch_max_bytes", "fetch_retries", "fetch_backoff"} <= limits
    assert ("TL001", "overlap_months") in params
    lines = ["[limits]", *(f"{k} = 1" for k in sorted(limits))]
    by_code: dict[str, list[str]] = {}
    for code, name in sorted(params):
        by_code.setdefault(code, []).append(name)
    from scanner.registry import LINKAGE_PARAMS, registry

    for code, names in by_code.items():
        declared = LINKAGE_PARAMS if code == "NW" else registry[code].params
        lines.append(f"[thresholds.{code}]")
        lines += [f"{n} = {declared[n]!r}".replace("'", '"') for n in names]
    (tmp_path / "scanner.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert set(config.limits) == limits


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[thresholds.TL001]\noverlap_monthz = 6\n",
            "[thresholds.TL001] overlap_monthz is not a setting of TL001 (did you mean 'overlap_months'?)",
        ),
        ("[thresholds.TL0001]\nx = 1\n", "[thresholds.TL0001] is not a check"),
        ('[thresholds.TL001]\noverlap_months = "six"\n', "must be like 3, not 'six'"),
        ("[limits]\nfetch_timout = 5\n", "is not a limit (did you mean 'fetch_timeout'?)"),
        ("[limits]\nfetch_timeout = -5\n", "must be a positive number"),
    ],
)
def test_a_typo_in_a_setting_names_the_nearest_valid_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    (tmp_path / "scanner.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert message in str(err.value)


def test_check_parameters_come_from_the_declaration_and_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "scanner.toml").write_text("[thresholds.TL001]\noverlap_months = 6\n")
    config = load_config(tmp_path)
    assert config.params("TL001") == {"overlap_months": 6, "medium_months": 6}
    assert Config().params("TL001") == {"overlap_months": 3, "medium_months": 6}
    assert Config().params("NW")["hub_size"] == 50


def test_limits_without_overrides_are_made_once_and_overrides_still_apply() -> None:
    import dataclasses

    from extractors.documents import Limits
    from scanner.settings import limits_from

    plain = limits_from(Limits, {})
    assert plain == Limits() and limits_from(Limits, {}) is plain  # frozen: one shared instance
    name = dataclasses.fields(Limits)[0].name
    bigger = limits_from(Limits, {name: getattr(plain, name) + 1})
    assert getattr(bigger, name) == getattr(plain, name) + 1 and limits_from(Limits, {}) == plain

    @dataclasses.dataclass
    class Loose:  # not frozen: never shared
        n: int = 3

    assert limits_from(Loose, {}) is not limits_from(Loose, {})

"""The shipped reference tables (founding years, technology releases): valid, large enough,
unambiguous, and looked up the way TL007 and TL008 need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.references import (
    ReferenceTableError,
    find_employer,
    find_technologies,
    load_founding_years,
    load_tech_releases,
    normalise_org,
    plain_org,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scanner" / "data"
SCHEMA = ROOT / "scanner" / "schema" / "reference_table.schema.json"
TABLES = {"founding_years": 300, "tech_releases": 150}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_matches_the_schema(name: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(_load(name))
    assert _load(name)["kind"] == name


@pytest.mark.parametrize(("name", "minimum"), sorted(TABLES.items()))
def test_table_is_large_enough_and_years_are_plausible(name: str, minimum: int) -> None:
    entries = _load(name)["entries"]
    assert len(entries) >= minimum
    assert all(1800 <= e["year"] <= 2026 for e in entries.values())


@pytest.mark.parametrize("name", sorted(TABLES))
def test_restricted_names_are_the_entrys_own(name: str) -> None:
    for key, e in _load(name)["entries"].items():
        names = {key, *e.get("aliases", [])}
        for field in ("exact", "cased", "context"):
            assert set(e.get(field, [])) <= names, f"{key}: {field} lists a name it does not have"


def test_no_employer_name_belongs_to_two_entries() -> None:
    """Every name resolves to one organisation, with the active normaliser and as written."""
    seen: dict[str, str] = {}
    for key, e in _load("founding_years")["entries"].items():
        exact = set(e.get("exact", []))
        for n in {key, *e.get("aliases", [])}:
            for form in (f"plain:{plain_org(n)}",) if n in exact else (f"norm:{normalise_org(n)}",):
                assert seen.setdefault(form, key) == key, f"{n!r} is under {seen[form]} and {key}"


def test_no_technology_name_belongs_to_two_entries() -> None:
    seen: dict[str, str] = {}
    for key, e in _load("tech_releases")["entries"].items():
        for n in {key, *e.get("aliases", [])}:
            folded = " ".join(n.split()).casefold()
            assert seen.setdefault(folded, key) == key, f"{n!r} is under {seen[folded]} and {key}"


def test_every_origin_is_a_known_employer() -> None:
    for key, e in _load("tech_releases")["entries"].items():
        for org in e.get("origin", []):
            assert find_employer(org) is not None, f"{key}: origin {org!r} not in founding_years"


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        ("Google", ("Google", 1998)),
        ("Google LLC", ("Google", 1998)),
        ("Alphabet Inc.", ("Google", 1998)),
        ("Facebook, Inc.", ("Meta Platforms", 2004)),
        ("Meta (formerly Facebook)", ("Meta Platforms", 2004)),
        ("Stripe", ("Stripe", 2010)),
        ("Airbnb", ("Airbnb", 2008)),
        ("OpenAI", ("OpenAI", 2015)),
        ("Anthropic PBC", ("Anthropic", 2021)),
        ("Snowflake Inc.", ("Snowflake", 2012)),
        ("Databricks", ("Databricks", 2013)),
        ("Coinbase", ("Coinbase", 2012)),
        ("Uber Technologies, Inc.", ("Uber", 2009)),
        ("Tiny Speck", ("Slack Technologies", 2009)),
        ("Zimride", ("Lyft", 2007)),
        ("Infosys Limited", ("Infosys", 1981)),
        ("Tata Consultancy Services Ltd", ("Tata Consultancy Services", 1968)),
        ("Société Générale", ("Societe Generale", 1864)),
        ("Amazon Web Services (AWS)", ("Amazon", 1994)),
        ("Google, Zürich", ("Google", 1998)),
        ("Square, Inc.", ("Block, Inc.", 2009)),
        ("Tesla Motors", ("Tesla, Inc.", 2003)),
        ("Square", None),
        ("Tesla", None),
        ("X", None),
        ("Acme Corp", None),
        ("", None),
    ],
)
def test_find_employer(org: str, expected: tuple[str, int] | None) -> None:
    assert find_employer(org) == expected


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        (
            "Migrated to Kubernetes (k8s) with Docker",
            "prose",
            ["Kubernetes", "Kubernetes", "Docker"],
        ),
        ("Built UIs in ReactJS and React.js", "prose", ["React", "React"]),
        ("Wrote services in Golang", "prose", ["Go"]),
        ("Stack: Go, Kubernetes, Postgres", "prose", ["Go", "Kubernetes", "PostgreSQL"]),
        ("Java/Go/Rust", "prose", ["Java", "Go", "Rust"]),
        ("Used C#, C++, .NET and ASP.NET", "prose", ["C#", "C++", ".NET Framework", "ASP.NET"]),
        ("React Native and React", "prose", ["React Native", "React"]),
        ("Angular 2 and AngularJS", "prose", ["Angular (2 and later)", "AngularJS"]),
        ("Senior Go Developer", "title", ["Go"]),
        ("React Developer", "title", ["React"]),
        ("Go", "item", ["Go"]),
        ("Kafka, Spark, Airflow", "prose", ["Apache Kafka", "Apache Spark", "Apache Airflow"]),
        # Ordinary words and other things with the same name: nothing.
        ("Led the go-to-market plan and let it go", "prose", []),
        ("Built services in Go and Python", "prose", ["Python"]),
        ("Processed SWIFT payments; Swift delivery of reports", "prose", []),
        ("Configured Cisco IOS routers", "prose", []),
        ("React to customer escalations", "prose", []),
        ("- React to incidents\n- Shipped React features", "prose", ["React"]),
        ("Worked with Julia, Claude and Ruby", "prose", []),
        ("LLM in tax law; DBT therapist", "prose", []),
        ("Designed airflow systems. Took the helm.", "prose", []),
        ("Googled it; MongoDBs", "prose", []),
        ("go", "item", []),
        ("SWIFT", "item", []),
    ],
)
def test_find_technologies(text: str, mode: Any, expected: list[str]) -> None:
    assert [name for name, _year, _span in find_technologies(text, mode=mode)] == expected


def test_find_technologies_reports_years_and_spans() -> None:
    [(name, year, span)] = find_technologies("We ran Kubernetes.")
    assert (name, year) == ("Kubernetes", 2014)
    assert "We ran Kubernetes."[span[0] : span[1]] == "Kubernetes"


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("Kubernetes", 2014),
        ("Docker", 2013),
        ("React", 2013),
        ("Go", 2009),
        ("Swift", 2014),
        ("TypeScript", 2012),
        ("Terraform", 2014),
        ("GraphQL", 2015),
        ("TensorFlow", 2015),
        ("PyTorch", 2016),
        ("ChatGPT", 2022),
        ("LangChain", 2022),
        ("FastAPI", 2018),
        ("AWS Lambda", 2014),
        ("GitHub Actions", 2018),
        ("Node.js", 2009),
    ],
)
def test_well_known_release_years(name: str, year: int) -> None:
    assert load_tech_releases()[name].year == year


def test_configuration_extends_and_corrects_the_tables() -> None:
    extra = {
        "Example Robotics": 2016,
        "Globex Dynamics": {"year": 2011, "aliases": ["Globex"]},
        "Stripe": 2011,  # a user's correction wins over the shipped year
    }
    table = load_founding_years(extra)
    assert table.employer("Example Robotics Inc.").year == 2016  # type: ignore[union-attr]
    assert find_employer("Globex", extra) == ("Globex Dynamics", 2011)
    assert find_employer("Stripe", extra) == ("Stripe", 2011)
    assert table["Stripe"].source == "config"
    assert find_employer("Stripe") == ("Stripe", 2010)  # the shipped table is untouched
    techs = {"Zig": {"year": 2016, "aliases": ["Ziglang"]}, "Kubernetes": 2015}
    assert [n for n, _, _ in find_technologies("Zig and Ziglang", techs)] == ["Zig", "Zig"]
    assert find_technologies("k8s", techs)[0][:2] == ("Kubernetes", 2015)


def test_loaded_tables_are_cached() -> None:
    assert load_founding_years() is load_founding_years(None)
    assert load_tech_releases({"Zig": 2016}) is load_tech_releases({"Zig": 2016})


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"Acme": "twenty"}, "year must be a whole number"),
        ({"Acme": 3000}, "year must be a whole number"),
        ({"Acme": True}, "year must be a whole number"),
        ({"Acme": {"year": 2010, "aliases": "Acme Inc"}}, None),
        ({"Acme": {"year": 2010, "aliases": [1]}}, "aliases must be a list of names"),
        ({"Acme": {"year": 2010, "founded": 2010}}, "unknown field"),
        ({"Acme": {"year": 2010, "exact": ["Other"]}}, "not its name or aliases"),
    ],
)
def test_malformed_configuration_says_which_entry(
    extra: dict[str, Any], message: str | None
) -> None:
    if message is None:
        assert find_employer("Acme Inc", extra) == ("Acme", 2010)
        return
    with pytest.raises(ReferenceTableError, match=message) as info:
        load_founding_years(extra)
    assert "'Acme'" in str(info.value)

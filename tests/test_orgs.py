"""Organisations and schools: normalisation, the alias table (data file) and levelled comparison."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extractors.normalise.orgs import (
    DATA_FILE,
    SCHOOLS_FILE,
    OrgLevel,
    canonical_org,
    canonical_school,
    compare_orgs,
    compare_schools,
    load_aliases,
    normalise_org,
    normalise_school,
)

L = OrgLevel

ORG_PAIRS = [
    ("Acme Corp", "Acme Corp", L.EXACT),
    ("acme corp", "ACME CORP", L.EXACT),
    ("Facebook", "Meta", L.ALIAS),
    ("Facebook, Inc.", "Meta Platforms, Inc.", L.ALIAS),
    ("Twitter", "X Corp.", L.ALIAS),
    ("Square", "Block, Inc.", L.ALIAS),
    ("IBM", "International Business Machines Corporation", L.ALIAS),
    ("AWS", "Amazon.com, Inc.", L.ALIAS),
    ("Google LLC", "Alphabet Inc.", L.ALIAS),
    ("TCS", "Tata Consultancy Services", L.ALIAS),
    ("Sun Microsystems", "Oracle", L.ALIAS),
    ("PricewaterhouseCoopers", "PwC", L.ALIAS),
    ("Ernst & Young", "EY", L.ALIAS),
    ("J.P. Morgan", "JPMorgan Chase & Co.", L.ALIAS),
    ("Merrill Lynch", "Bank of America", L.ALIAS),
    ("Facebook, Inc.", "Facebook", L.NORMALISED),
    ("Acme Corp", "ACME Corporation", L.NORMALISED),
    ("The Acme Company", "Acme", L.NORMALISED),
    ("Procter & Gamble Co.", "Procter and Gamble", L.NORMALISED),
    ("Initech GmbH & Co. KG", "Initech", L.NORMALISED),
    ("Initech S.A. de C.V.", "Initech", L.NORMALISED),
    ("Initech Pvt. Ltd.", "Initech", L.NORMALISED),
    ("Initech, L.L.C.", "Initech", L.NORMALISED),
    ("Initech PLC", "Initech AG", L.NORMALISED),
    ("Nestlé S.A.", "Nestle", L.NORMALISED),
    ("Acme (via Randstad)", "Acme", L.NORMALISED),
    ("Acme Robotcs", "Acme Robotics", L.FUZZY),
    ("Acme", "Acme Cloud Services", L.FUZZY),
    ("Globex Technologies", "Globex", L.FUZZY),
    ("Global Solutions", "Global Solutions Group", L.FUZZY),
    ("General Electric", "General Motors", L.DIFFERENT),
    ("LinkedIn", "Microsoft", L.DIFFERENT),
    ("Dell", "Dell Services", L.DIFFERENT),  # two known groups: Dell Technologies / NTT Data
    ("Acme Corp", "Globex Corporation", L.DIFFERENT),
    ("Cloud Services", "Acme Cloud Services", L.DIFFERENT),
    ("", "Acme", L.DIFFERENT),
]


@pytest.mark.parametrize(("a", "b", "level"), ORG_PAIRS)
def test_compare_orgs_levels(a: str, b: str, level: OrgLevel) -> None:
    assert compare_orgs(a, b).level is level
    assert compare_orgs(b, a).level is level


def test_org_table_is_large_enough() -> None:
    assert len(ORG_PAIRS) >= 30


def test_compare_orgs_reports_the_shared_group() -> None:
    m = compare_orgs("Facebook", "Meta")
    assert m.canonical == "Meta" and m.same and "Meta" in m.detail
    assert not compare_orgs("General Electric", "General Motors").same


SCHOOL_PAIRS = [
    ("UT Austin", "The University of Texas at Austin", L.ALIAS),
    ("MIT", "Massachusetts Institute of Technology", L.ALIAS),
    ("Georgia Tech", "Georgia Institute of Technology", L.ALIAS),
    ("UIUC", "University of Illinois at Urbana-Champaign", L.ALIAS),
    ("Univ. of Texas, Austin", "University of Texas at Austin", L.NORMALISED),
    ("University of Texas - Austin", "The University of Texas at Austin", L.NORMALISED),
    ("St. John's University", "Saint John's University", L.NORMALISED),
    ("ETH Zürich", "ETH Zurich", L.NORMALISED),
    ("Stanford", "Stanford University", L.FUZZY),
    ("Harvard University", "Yale University", L.DIFFERENT),
    ("Boston College", "Boston University", L.DIFFERENT),
]


@pytest.mark.parametrize(("a", "b", "level"), SCHOOL_PAIRS)
def test_compare_schools_levels(a: str, b: str, level: OrgLevel) -> None:
    assert compare_schools(a, b).level is level


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Acme, Inc.", "acme"),
        ("The Smith & Co.", "smith"),
        ("Initech, L.L.C.", "initech"),
        ("Amazon.com, Inc.", "amazon com"),
        ("Société Générale S.A.", "societe generale"),
        ("Company", "company"),  # never stripped to nothing
        ("Tata Consultancy Services Pvt Ltd", "tata consultancy services"),
    ],
)
def test_normalise_org(raw: str, key: str) -> None:
    assert normalise_org(raw) == key


def test_normalise_school() -> None:
    assert normalise_school("The Univ. of Texas at Austin") == "university texas austin"
    assert normalise_school("U of T") == "university t"
    assert normalise_school("Università di Roma") == normalise_school("University of Rome")


def test_canonical_names() -> None:
    assert canonical_org("facebook inc") == "Meta"
    assert canonical_org("Acme Corp") == "acme"
    assert canonical_school("UT-Austin") == "University of Texas at Austin"


def test_load_aliases_extends_and_overrides() -> None:
    table = load_aliases({"Example Robotics": ["ExRob", "Example Robotics Labs"]})
    assert canonical_org("ExRob", table) == "Example Robotics"
    assert compare_orgs("ExRob", "Example Robotics Inc", aliases=table).level is OrgLevel.ALIAS
    # sectioned form, like the data file; schools too
    table = load_aliases({"schools": {"Example State University": ["ESU"]}})
    assert compare_schools("ESU", "Example State University", aliases=table).level is L.ALIAS
    # the shipped table is untouched
    assert canonical_org("ExRob") == "exrob"


def test_load_aliases_rejects_bad_entries() -> None:
    with pytest.raises(ValueError, match="listed under both"):
        load_aliases({"A Co": ["Shared Name"], "B Co": ["Shared Name"]})
    with pytest.raises(ValueError, match="list of strings"):
        load_aliases({"A Co": [1, 2]})


# The data files are validated like any other versioned reference table.
SCHEMA = json.loads((DATA_FILE.parent / "alias_table.schema.json").read_text(encoding="utf-8"))
TABLES = [(DATA_FILE, "aliases", normalise_org), (SCHOOLS_FILE, "schools", normalise_school)]


@pytest.mark.parametrize(("path", "section", "normalise"), TABLES)
def test_alias_data_files_match_their_schema(path: Path, section: str, normalise: object) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert len(data[section]) >= 60


@pytest.mark.parametrize(("path", "section", "normalise"), TABLES)
def test_no_alias_belongs_to_two_canonicals(path: Path, section: str, normalise: object) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for canonical, aliases in data[section].items():
        for name in [canonical, *aliases]:
            key = normalise(name)  # type: ignore[operator]
            assert key, f"{name!r} normalises to nothing"
            assert owner.setdefault(key, canonical) == canonical, (
                f"{name!r} is under {owner[key]!r} and {canonical!r}"
            )


def test_remembered_comparisons_do_not_leak_between_alias_tables() -> None:
    # compare_orgs remembers results under the shipped table only; a user table is its own.
    assert compare_orgs("ExRob", "Example Robotics").level is OrgLevel.DIFFERENT
    table = load_aliases({"Example Robotics": ["ExRob"]})
    assert compare_orgs("ExRob", "Example Robotics", aliases=table).level is OrgLevel.ALIAS
    assert compare_orgs("ExRob", "Example Robotics").level is OrgLevel.DIFFERENT
    assert compare_orgs("ExRob", "Example Robotics", aliases=load_aliases()).level is (
        OrgLevel.DIFFERENT
    )
    schools = load_aliases({"schools": {"Example State University": ["Exstate"]}})
    assert compare_schools("Exstate", "Example State University").level is OrgLevel.DIFFERENT
    assert compare_schools("Exstate", "Example State University", aliases=schools).level is (
        OrgLevel.ALIAS
    )

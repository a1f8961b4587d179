"""CSV and XLSX reports (formula injection neutralised) and the cluster picture (escaped SVG)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from extractors.model import SourceDocument, SourceKind
from scanner.model import (
    CandidateReport,
    Category,
    Cluster,
    ClusterLink,
    Evidence,
    Finding,
    Level,
    Report,
    Risk,
    Severity,
)
from scanner.reporters.cluster_svg import cluster_svg
from scanner.reporters.csv_report import neutralise, render_csv
from scanner.reporters.xlsx import render_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
]


def _report(names: list[str]) -> Report:
    cands = []
    for i, name in enumerate(names):
        f = Finding(
            code="NW001", title="Phone number shared", category=Category.NETWORK, severity=Severity.HIGH,
            confidence=0.9, message=name, evidence=(Evidence(0, "phone", name, name),), cluster="C1",
        )  # fmt: skip
        cands.append(
            CandidateReport(
                id=f"A-{i}",
                name=name,
                risk=Risk(68, Level.HIGH, (("NW001", 68),)),
                complete=True,
                sources=[SourceDocument(SourceKind.APPLICATION, "fields", "row")],
                profiles=[None],
                findings=[f],
            )
        )
    cl = Cluster(
        "C1",
        tuple(c.id for c in cands),
        (ClusterLink("phone", names[0], tuple(c.id for c in cands)),),
    )
    return Report(candidates=cands, clusters=[cl], notes=[names[0]])


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_every_formula_start(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Dana Whitfield") == "Dana Whitfield"


def test_csv_has_one_row_per_applicant_and_no_live_formulas() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(_report(HOSTILE)))))
    assert rows[0] == [
        "id",
        "name",
        "score",
        "level",
        "complete",
        "cluster",
        "codes",
        "top_finding",
        "reviewed",
    ]
    assert len(rows) == 1 + len(HOSTILE)
    for row, name in zip(rows[1:], HOSTILE, strict=True):
        assert row[1] == "'" + name and row[3] == "high" and row[5] == "C1" and row[6] == "NW001"
        assert not row[7].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_sheets_and_every_text_cell_neutralised() -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report(HOSTILE))))
    assert wb.sheetnames == ["Applicants", "Findings", "Clusters", "Notes"]
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        ws.title,
                        cell.value,
                    )
                    seen += cell.value.startswith("'")
    assert seen >= len(HOSTILE) * 3  # names, messages and evidence all came through, quoted
    apps = wb["Applicants"]
    assert [c.value for c in apps[1]] == [
        "id",
        "name",
        "score",
        "level",
        "complete",
        "cluster",
        "codes",
        "top_finding",
        "reviewed",
    ]
    assert apps["C2"].value == 68 and apps["E2"].value is True


def test_cluster_svg_is_escaped_self_contained_and_deterministic() -> None:
    cl = Cluster(
        "C1",
        ("A-1", "A-2", "A-3"),
        (
            ClusterLink("phone", "+13125550101", ("A-1", "A-2")),
            ClusterLink("email", "<script>alert(1)</script>@example.com", ("A-1", "A-2")),
            ClusterLink("address", "77 harbor view dr # 4 joliet il 60431", ("A-1", "A-2", "A-3")),
        ),
    )
    names = {"A-1": 'Kai "<b>" Okonkwo', "A-2": "Hayden & Brightmore", "A-3": "Teagan Sorensby"}
    svg = cluster_svg(cl, names)
    assert svg == cluster_svg(cl, names)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg")
    assert "<script" not in svg and "&lt;script&gt;" in svg and "Hayden &amp; Brightmore" in svg
    assert "href" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert (
        "phone: +13125550101" in texts and "address: 77 harbor view dr # 4 joliet il 60431" in texts
    )
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 3


def test_json_fragment_is_the_candidate_as_the_report_writes_it_not_run_pairs_of_any_kind() -> None:
    from datetime import date

    from scanner.jsonbytes import compact
    from scanner.model import CandidateReport
    from scanner.reporters.json_report import candidate_dict
    from scanner.reporters.stream import fragment
    from scanner.scoring import score

    for not_run in ([("TL001", "needs a résumé"), ("ED001", "no education")], [["TL001", "x"]], []):
        c = CandidateReport(
            id="A-1", name="Dana Whitfield", risk=score([]), complete=True, sources=[],
            profiles=[], findings=[], checks_not_run=list(not_run), as_of=date(2026, 1, 2),
        )  # fmt: skip
        assert fragment(c, "json") == compact(candidate_dict(c))
        assert fragment(c, "json") == fragment(c, "json")  # the remembered list, again


def test_a_part_naming_its_not_run_list_by_key_is_written_as_the_part_holding_it() -> None:
    """The stream engine's JSON parts name their "checks not run" list by table key; put back,
    the part is byte for byte the one that holds the list. Candidate text that spells the key's
    form is escaped in the part, so only the part's own key is ever replaced."""
    from datetime import date

    from scanner.batch.runfile import NotRunTables
    from scanner.model import CandidateReport
    from scanner.reporters.stream import fragment, with_not_run
    from scanner.scoring import score

    tables = NotRunTables()
    rendered: dict[str, bytes] = {}
    forged = ',"checks_not_run":{"nr":"0123456789abcdef"}}'
    for name, not_run in [
        ("Dana Whitfield", [("TL001", "needs a résumé"), ("ED001", "no education")]),
        (forged, [("TL001", "needs a résumé"), ("ED001", "no education")]),
        ("Kade Morrow", [("GH001", 'no "GitHub" account ,"nr":')]),
        (forged, []),
    ]:
        c = CandidateReport(
            id="A-1", name=name, risk=score([]), complete=True, sources=[], profiles=[],
            findings=[], checks_not_run=list(not_run), as_of=date(2026, 1, 2),
        )  # fmt: skip
        whole = fragment(c, "json")
        assert with_not_run(whole, tables.by_key, rendered) == whole  # nothing to put back
        key, _line = tables.key_for(c.checks_not_run)
        assert key is not None
        short = fragment(c, "json", key)
        if not_run:
            assert len(short) < len(whole)
        assert with_not_run(short, tables.by_key, rendered) == whole
        assert with_not_run(short, tables.by_key, rendered) == whole  # the remembered list

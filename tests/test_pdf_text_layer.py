"""The PDF text layer as real typesetters leave it: ligatures, PDFium's own spaces, soft hyphens.

The fixtures are made by `fixtures/textlayer/make_textlayer.py` (ligatures.pdf by pdflatex,
the others by fpdf2) and committed, so these tests need neither.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.documents import read_pdf
from extractors.documents.pdf import _split_pieces
from extractors.resume import parse_resume

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "textlayer"


def _lines(name: str) -> list[str]:
    return [line.text for line in read_pdf((HERE / name).read_bytes()).lines]


def test_ligatures_of_computer_modern_are_spelled_out_whole() -> None:
    text = "\n".join(_lines("ligatures.pdf"))
    for word in (
        "Jeffrey Wolff",
        "jeffrey.wolff@example.com",
        "Office Manager",
        "Baffin Staffing Affairs",
        "efficient filing, fluffy waffle",
        "official traffic flows",
        "Clifford Offshore Effects",
        "Affiliate",
        "fifty-five official",
    ):
        assert word in text
    for broken in ("Jefrey", "Ofice", "eficient", "Afairs", "Staf "):
        assert broken not in text


def test_ligature_resume_reads_names_and_employers() -> None:
    profile = parse_resume(read_pdf((HERE / "ligatures.pdf").read_bytes()))
    assert profile.name == "Jeffrey Wolff"
    assert profile.emails == ("jeffrey.wolff@example.com",)
    assert [(p.title, p.org) for p in profile.experience] == [
        ("Office Manager", "Baffin Staffing Affairs"),
        ("Staff Engineer", "Clifford Offshore Effects"),
    ]


def test_spaces_drawn_in_the_pdf_are_kept_even_when_narrow() -> None:
    lines = _lines("spacing.pdf")
    assert "University of Bologna 2012 – 2016" in lines
    assert "Brigham Young Example College" in lines


def test_soft_hyphen_drawn_as_a_range_dash_is_a_dash() -> None:
    lines = _lines("soft_hyphen.pdf")
    assert "Data Analyst, Northwind Example Labs    Jan 2019 - Mar 2021" in lines  # 4 spaces: a gap
    profile = parse_resume(read_pdf((HERE / "soft_hyphen.pdf").read_bytes()))
    ranges = [(str(p.range.start), str(p.range.end)) for p in profile.experience if p.range]
    assert ranges == [("2019-01", "2021-03"), ("2017", "2018")]


def _glyph(
    x0: float, x1: float, ch: str
) -> tuple[float, float, float, float, float, float, bool, str, bool]:
    return (100.0, x0, x1, 90.0, 102.0, 10.0, False, ch, False)


def test_shared_boxes_are_divided_between_the_characters() -> None:
    glyphs = [_glyph(0, 5, "O"), _glyph(5, 14, "f"), _glyph(5, 14, "f"), _glyph(5, 14, "i")]
    glyphs += [_glyph(14 + 5 * k, 19 + 5 * k, c) for k, c in enumerate("ce manager")]
    split = _split_pieces(glyphs)
    assert [round(g[1], 1) for g in split[1:4]] == [5.0, 8.0, 11.0]
    assert [round(g[2], 1) for g in split[1:4]] == [8.0, 11.0, 14.0]


@pytest.mark.parametrize("copies", [2, 3])
def test_text_drawn_twice_in_place_is_not_taken_for_ligatures(copies: int) -> None:
    glyphs = [g for k, c in enumerate("Jeffrey") for g in [_glyph(5 * k, 5 * k + 5, c)] * copies]
    assert _split_pieces(glyphs) == glyphs


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Jan 2019 \u00ad Mar 2021", "Jan 2019 - Mar 2021"),
        ("2017\u00ad2018", "2017-2018"),
        ("hy\u00adphen\u00adated", "hyphenated"),
    ],
)
def test_soft_hyphen_outside_a_word_is_a_dash_in_every_format(raw: str, clean: str) -> None:
    from extractors.documents.base import clean_line

    assert clean_line(raw)[0] == clean

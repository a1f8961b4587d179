"""Render a `Report`: terminal table, JSON, HTML, CSV, XLSX. Each renderer lives in its own module."""

from __future__ import annotations

import importlib

from scanner.model import Report

__all__ = ["FORMATS", "render"]

# format → (module, function); text formats return str, binary formats bytes.
FORMATS = {
    "json": ("scanner.reporters.json_report", "render_json"),
    "html": ("scanner.reporters.html", "render_html"),
    "csv": ("scanner.reporters.csv_report", "render_csv"),
    "xlsx": ("scanner.reporters.xlsx", "render_xlsx"),
    "table": ("scanner.reporters.table", "render_table_text"),
}


def render(report: Report, fmt: str) -> str | bytes:
    module, func = FORMATS[fmt]
    renderer = getattr(importlib.import_module(module), func)
    return renderer(report)

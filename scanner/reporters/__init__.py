"""Render a `Report`: terminal table, JSON, HTML, CSV, XLSX."""

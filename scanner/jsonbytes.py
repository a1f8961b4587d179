"""Compact JSON as bytes, written by orjson where it gives exactly the bytes `json` would.

The batch engine writes several kilobytes of JSON per row (the row's part of the report and its
run-file line); the standard library's encoder was a tenth of a row's CPU. orjson writes the
same text ten times faster, with three differences that are handled here so that the output is
byte for byte what `json.dumps(obj, ensure_ascii=False, separators=(",", ":"))` gives:

- floats below 1e-4 are written in another notation: an output that may hold one (`0.0000` or a
  digit before `e-`, rare in text) is written again with `json`;
- what orjson refuses (integers past 64 bits, keys that are not strings, lone surrogates) and
  what it would write where `json` refuses (dataclasses, datetimes) go to `json`, which then
  answers as it always did;
- a float that is not a number (NaN, infinity) would be `null` rather than `json`'s `NaN`,
  which is not JSON; the scanner writes none.

Without orjson installed everything is written by `json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

__all__ = ["compact", "fact_list_text", "iso_datetime"]

# Where orjson and json may write a float differently (only below 1e-4 in magnitude): in
# exponent form ("1.5e-7") or with four zeros after the point ("0.00001"). Looked for with `in`
# first: a regular expression over a few kilobytes costs more than the encoding.
_EXPONENT = re.compile(rb"[0-9]e-")
_ORJSON: list[Any] = []  # [orjson.dumps, its options] once imported; [None, 0] without it


def _orjson_dumps() -> Any:
    """orjson's `dumps` with the options that leave dataclasses and datetimes to `json`
    (imported on first use: it pulls in modules a quick command never needs)."""
    if not _ORJSON:
        try:
            import orjson
        except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
            _ORJSON.extend((None, 0))
        else:
            options = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
            _ORJSON.extend((orjson.dumps, options))
    return _ORJSON[0]


def _std(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compact(obj: Any) -> bytes:
    """`json.dumps(obj, ensure_ascii=False, separators=(",", ":"))` as UTF-8 bytes, faster."""
    dumps = _ORJSON[0] if _ORJSON else _orjson_dumps()
    if dumps is None:
        return _std(obj)
    try:
        out: bytes = dumps(obj, option=_ORJSON[1])
    except TypeError:  # orjson.JSONEncodeError: let json answer (or refuse) as it always did
        return _std(obj)
    if (b"e-" in out and _EXPONENT.search(out)) or b"0.0000" in out:
        return _std(obj)
    return out


def fact_list_text(head: str, items: Iterable[str]) -> str:
    """`json.dumps([head, list(items)], ensure_ascii=False)` for strings, without the encoder's
    set-up per call (finding fingerprints hash this text, so it must not change)."""
    return f"[{encode_basestring(head)}, [{', '.join(map(encode_basestring, items))}]]"


_ISO: dict[tuple[datetime, Any], str] = {}


def iso_datetime(when: datetime) -> str:
    """`when.isoformat()`, remembered by value: a batch row's timestamps are written twice (its
    run-file line and its report part), and the text costs more than the look-up.

    Keyed on the value and its UTC offset: equal datetimes with equal offsets have the same wall
    time, so the same text (a subclass of datetime may write itself otherwise: not kept)."""
    if type(when) is not datetime:
        return when.isoformat()
    key = (when, when.utcoffset())
    text = _ISO.get(key)
    if text is None:
        if len(_ISO) >= 4096:
            _ISO.clear()
        text = _ISO[key] = when.isoformat()
    return text

"""Plain-JSON encoding of the scanner's dataclasses, for the batch checkpoint and Spark rows.

Generic over the typed model: dataclasses become objects, enums their values, dates ISO text,
tuples lists; decoding follows the type hints back. No pickle, so a checkpoint file is data, not
code.
"""

from __future__ import annotations

import base64
import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

__all__ = ["decode", "encode"]


def encode(obj: Any) -> Any:
    """Any model object → JSON-compatible data."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return base64.b64encode(obj).decode("ascii")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [encode(v) for v in obj]
    raise TypeError(f"cannot encode {type(obj).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    module = __import__(cls.__module__, fromlist=["_"])
    return typing.get_type_hints(cls, vars(module))


def decode(tp: Any, data: Any) -> Any:
    """JSON data → an instance of type `tp` (a dataclass, enum, container or plain type)."""
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(tp) if a is not type(None)]
        for a in members:
            try:
                return decode(a, data)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"no union member of {tp} fits {data!r}")
    if tp is Any:
        return data
    if origin in (tuple, Sequence, list):
        items = get_args(tp)
        if origin is tuple and items and items[-1] is not Ellipsis:
            return tuple(decode(a, v) for a, v in zip(items, data, strict=True))
        item = items[0] if items else Any
        values = [decode(item, v) for v in data]
        return values if origin is list else tuple(values)
    if origin in (dict, Mapping):
        pair = get_args(tp)
        val = pair[1] if len(pair) == 2 else Any
        if not isinstance(data, dict):
            raise TypeError("expected an object")
        return {k: decode(val, v) for k, v in data.items()}
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            if not isinstance(data, dict):
                raise TypeError(f"expected an object for {tp.__name__}")
            hints = _hints(tp)
            kwargs = {
                f.name: decode(hints[f.name], data[f.name])
                for f in dataclasses.fields(tp)
                if f.name in data
            }
            return tp(**kwargs)
        if issubclass(tp, Enum):
            return tp(data)
        if tp is datetime:
            return datetime.fromisoformat(data)
        if tp is date:
            return date.fromisoformat(data)
        if tp is bytes:
            return base64.b64decode(data)
        if tp is float and isinstance(data, int | float):
            return float(data)
        if tp in (int, str, bool) and isinstance(data, tp):
            return data
        if tp is object:
            return data
        raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
    return data

"""Plain-JSON encoding of the scanner's dataclasses, for the batch run file and Spark rows.

Generic over the typed model: dataclasses become objects, enums their values, dates ISO text,
tuples lists; decoding follows the type hints back. No pickle, so a run file is data, not code.

Compact: a field that holds its declared default (a constant, or an empty container from a
default factory) is left out and comes back as that default. Fast: each dataclass's encoder is
straight-line code made once from its fields and hints, and each type's decoder a closure over
its fields' decoders, so a row is not a chain of `isinstance` tests.
"""

from __future__ import annotations

import base64
import dataclasses
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from scanner.jsonbytes import iso_datetime

__all__ = ["decode", "encode", "encode_without"]

_Encoder = Callable[[Any], Any]

# How a field with a default is left out: equal to a constant default, or an empty container
# where the default factory makes an empty one. Other factories (today's date) always encode.
_KEEP, _IF_EQUAL, _IF_EMPTY = 0, 1, 2


def _identity(obj: Any) -> Any:
    return obj


def _enum_value(obj: Enum) -> Any:
    return obj.value


def _iso(obj: date) -> str:
    return obj.isoformat()


def _b64(obj: bytes) -> str:
    return base64.b64encode(obj).decode("ascii")


def _sequence(obj: Any) -> list[Any]:
    return [encode(v) for v in obj]


def _mapping(obj: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): encode(v) for k, v in obj.items()}


_ENCODERS: dict[type, _Encoder] = {
    type(None): _identity,
    bool: _identity,
    int: _identity,
    float: _identity,
    str: _identity,
    datetime: _iso,
    date: _iso,
    bytes: _b64,
    list: _sequence,
    tuple: _sequence,
    set: _sequence,
    frozenset: _sequence,
    dict: _mapping,
    types.MappingProxyType: _mapping,
}


def encode(obj: Any) -> Any:
    """Any model object → JSON-compatible data (fields at their default left out)."""
    enc = _ENCODERS.get(type(obj))
    if enc is None:
        enc = _ENCODERS[type(obj)] = _encoder_for(type(obj))
    return enc(obj)


def encode_without(obj: Any, name: str) -> dict[str, Any]:
    """A dataclass instance's encoding without field `name` (a field written elsewhere)."""
    key = (type(obj), name)
    enc = _WITHOUT.get(key)
    if enc is None:
        enc = _WITHOUT[key] = _dataclass_encoder(type(obj), skip=name)
    out: dict[str, Any] = enc(obj)
    return out


_WITHOUT: dict[tuple[type, str], _Encoder] = {}


def _encoder_for(tp: type) -> _Encoder:
    if issubclass(tp, Enum):
        return _enum_value
    if dataclasses.is_dataclass(tp):
        return _dataclass_encoder(tp)
    for base, enc in (
        (bool, _identity), (int, _identity), (float, _identity), (str, _identity),
        (datetime, _iso), (date, _iso), (bytes, _b64), (Mapping, _mapping),
        (list, _sequence), (tuple, _sequence), (set, _sequence), (frozenset, _sequence),
    ):  # fmt: skip
        if issubclass(tp, base):
            return enc
    raise TypeError(f"cannot encode {tp.__name__}")


def _omission(f: dataclasses.Field[Any]) -> tuple[int, Any]:
    """How field `f` may be left out: (_IF_EQUAL, default), (_IF_EMPTY, None) or (_KEEP, None)."""
    if f.default is not dataclasses.MISSING:
        return _IF_EQUAL, f.default
    if f.default_factory is not dataclasses.MISSING:
        try:
            made = f.default_factory()
        except Exception:  # a factory that needs context: always encode the field
            return _KEEP, None
        if isinstance(made, list | tuple | dict | set | frozenset | Mapping) and not made:
            return _IF_EMPTY, None
    return _KEEP, None


def _dataclass_encoder(tp: type, skip: str = "") -> _Encoder:
    """The encoder of dataclass `tp` (without field `skip`): straight-line code made once.

    Each field is read, tested against its default and encoded in place, with the encoding its
    type hint makes likely (a str kept as it is, an enum's value, a nested dataclass's own
    encoder, a list made by a comprehension) guarded by an exact type test; any other value goes
    to `encode`, so the answer is always `encode`'s for that value."""
    fields = [f for f in dataclasses.fields(tp) if f.name != skip]
    try:
        hints = _hints(tp)
    except Exception:  # a hint that does not resolve: every field through `encode`
        hints = {}
    env: dict[str, Any] = {
        "_encode": encode,
        "_has": hasattr,
        "_PLAIN_TYPES": _PLAIN_TYPES,
        "_SIZED": _SIZED,
        "NoneType": type(None),
        "_datetime": datetime,
        "_date": date,
        "_iso_datetime": iso_datetime,
    }
    body = ["def enc(obj):", "    out = {}"]
    for i, f in enumerate(fields):
        how, default = _omission(f)
        var = f"v{i}"
        body.append(f"    {var} = obj.{f.name}")
        value = _value_code(hints.get(f.name, Any), var, env, 0)
        store = f"out[{f.name!r}] = {value}"
        if how == _KEEP:
            body.append(f"    {store}")
            continue
        if how == _IF_EQUAL and type(default) is str:
            # a str default: one type test (a str encodes as itself, anything else: `encode`)
            body.append(f"    if type({var}) is str:")
            body.append(f"        if {var} != {default!r}:" if default else f"        if {var}:")
            body.append(f"            out[{f.name!r}] = {var}")
            body.append("    else:")
            body.append(f"        out[{f.name!r}] = _encode({var})")
            continue
        if how == _IF_EMPTY:  # left out when empty (falsy and sized)
            test = f"{var} or (type({var}) not in _SIZED and not _has({var}, '__len__'))"
        elif default is None or type(default) is bool:
            test = f"{var} is not {default!r}"  # singletons: equal means identical
        elif type(default) is str:
            test = f"type({var}) is not str or {var} != {default!r}"
        else:
            env[f"_d{i}"], env[f"_t{i}"] = default, type(default)
            test = f"not ({var} is _d{i} or (type({var}) is _t{i} and {var} == _d{i}))"
        body.append(f"    if {test}:")
        body.append(f"        {store}")
    body.append("    return out")
    return _made(body, env, "enc", f"encode_{tp.__name__}")


def _made(body: list[str], env: dict[str, Any], name: str, qualname: str) -> Any:
    """The function `name` that the lines `body` define, made in `env` and named `qualname`.
    The code is made from field names and type hints, never from data."""
    exec("\n".join(body), env)
    made = env[name]
    made.__qualname__ = qualname
    return made


_BUILDING: set[type] = set()  # dataclasses whose encoder is being made (a type that nests itself)


def _value_code(hint: Any, var: str, env: dict[str, Any], depth: int) -> str:
    """An expression that is `encode(var)`, fast for the values `hint` describes."""
    fallback = f"_encode({var})"
    origin = get_origin(hint)
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) != 1:
            return fallback
        inner = _value_code(members[0], var, env, depth)
        if inner == fallback:
            return fallback
        if members[0] in _PLAIN_TYPES:
            return f"{var} if type({var}) is {members[0].__name__} or {var} is None else {fallback}"
        return inner  # None goes to `encode` (which keeps it)
    if hint in _PLAIN_TYPES:
        return f"{var} if type({var}) is {hint.__name__} else {fallback}"
    if hint is datetime:
        return f"_iso_datetime({var}) if type({var}) is _datetime else {fallback}"
    if hint is date:
        return f"{var}.isoformat() if type({var}) is _date else {fallback}"
    if origin in (tuple, list, Sequence) and args:
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            if all(a in _PLAIN_TYPES for a in args):  # a fixed tuple of plain values
                item = f"x{depth}"
                each = f"{item} if type({item}) in _PLAIN_TYPES else _encode({item})"
            else:
                return fallback
        else:
            item = f"x{depth}"
            each = _value_code(args[0], item, env, depth + 1)
        seq = f"type({var}) is tuple or type({var}) is list"
        return f"[{each} for {item} in {var}] if {seq} else {fallback}"
    if origin is not None or not isinstance(hint, type):
        return fallback
    if issubclass(hint, Enum):
        if any("value" in vars(c) for c in hint.__mro__ if c is not Enum):
            return fallback  # an enum that says what its value is
        name = f"_E_{hint.__name__}_{id(hint)}"
        env[name] = hint
        return f"{var}._value_ if type({var}) is {name} else {fallback}"
    if dataclasses.is_dataclass(hint):
        if hint in _BUILDING:
            return fallback
        sub = _ENCODERS.get(hint)
        if sub is None:
            _BUILDING.add(hint)
            try:
                sub = _ENCODERS[hint] = _dataclass_encoder(hint)
            finally:
                _BUILDING.discard(hint)
        name = f"_C_{hint.__name__}_{id(hint)}"
        env[name], env[name + "_enc"] = hint, sub
        return f"{name}_enc({var}) if type({var}) is {name} else {fallback}"
    return fallback


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_SIZED = frozenset({tuple, list, dict, set, frozenset, str, bytes, types.MappingProxyType})


_PLAIN = frozenset({int, str, float})


@cache
def _hints(cls: type) -> dict[str, Any]:
    module = __import__(cls.__module__, fromlist=["_"])
    return typing.get_type_hints(cls, vars(module))


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = _hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)


def decode(tp: Any, data: Any) -> Any:
    """JSON data → an instance of type `tp` (a dataclass, enum, container or plain type).

    Raises TypeError or ValueError (KeyError for a malformed union member) when the data does
    not fit the type: a run-file line edited into something else is refused, not trusted."""
    return _decoder(tp)(data)


_Decoder = Callable[[Any], Any]
_DECODERS: dict[Any, _Decoder] = {}


def _decoder(tp: Any) -> _Decoder:
    """The decoder of `tp`, built on first use (a type's decoder is a closure over its
    fields' decoders: a row is a walk over plans, not a chain of `get_origin` questions)."""
    dec = _DECODERS.get(tp)
    if dec is None:
        # A placeholder first: a dataclass that refers to itself finds its own entry.
        _DECODERS[tp] = lambda data: _DECODERS[tp](data)
        dec = _DECODERS[tp] = _decoder_for(tp)
    return dec


def _decoder_for(tp: Any) -> _Decoder:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _union_decoder(tp, [a for a in get_args(tp) if a is not type(None)])
    if tp is Any or tp is object:
        return _identity
    if origin in (tuple, Sequence, list):
        return _sequence_decoder(origin, get_args(tp))
    if origin in (dict, Mapping):
        pair = get_args(tp)
        val = _decoder(pair[1] if len(pair) == 2 else Any)

        def mapping(data: Any) -> Any:
            if data is None:
                return None
            if not isinstance(data, dict):
                raise TypeError("expected an object")
            return {k: val(v) for k, v in data.items()}

        return mapping
    if isinstance(tp, type):
        return _type_decoder(tp)
    return _identity


def _union_decoder(tp: Any, members: list[Any]) -> _Decoder:
    decoders = [_decoder(a) for a in members]

    def union(data: Any) -> Any:
        if data is None:
            return None
        for dec in decoders:
            try:
                return dec(data)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"no union member of {tp} fits {data!r}")

    return union


def _sequence_decoder(origin: Any, items: tuple[Any, ...]) -> _Decoder:
    as_tuple = origin is tuple
    if as_tuple and items and items[-1] is not Ellipsis:
        fixed = [_decoder(a) for a in items]

        def fixed_tuple(data: Any) -> Any:
            if data is None:
                return None
            if not isinstance(data, list):
                raise TypeError("expected a list")
            return tuple(dec(v) for dec, v in zip(fixed, data, strict=True))

        return fixed_tuple
    item = items[0] if items else Any
    dec = _decoder(item)
    plain = item if item in _PLAIN else None

    def sequence(data: Any) -> Any:
        if data is None:
            return None
        if not isinstance(data, list):
            raise TypeError("expected a list")
        if plain is not None and all(type(v) is plain for v in data):
            return tuple(data) if as_tuple else data  # a sketch's 128 ints: as they are
        values = [dec(v) for v in data]
        return tuple(values) if as_tuple else values

    return sequence


def _type_decoder(tp: type) -> _Decoder:
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if issubclass(tp, Enum):
        return lambda data: None if data is None else tp(data)
    if tp is datetime:
        return lambda data: None if data is None else datetime.fromisoformat(data)
    if tp is date:
        return lambda data: None if data is None else date.fromisoformat(data)
    if tp is bytes:
        return lambda data: None if data is None else base64.b64decode(data)

    def plain(data: Any) -> Any:
        if data is None:
            return None
        if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
        if tp in (int, str, bool) and isinstance(data, tp):
            return data
        raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")

    return plain


def _generic_dataclass_decoder(tp: type, fields: list[tuple[str, _Decoder]]) -> _Decoder:
    """Dataclass `tp` from any object: each field present decoded by its type's decoder."""
    name_of = tp.__name__

    def dataclass(data: Any) -> Any:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {name_of}")
        return tp(**{name: dec(data[name]) for name, dec in fields if name in data})

    return dataclass


_MISSING = object()
_EXACT = (str, int, float, bool)  # a value of exactly one of these decodes as itself


def _dataclass_decoder(tp: type) -> _Decoder:
    """The decoder of dataclass `tp`: straight-line code made once from its fields and hints.

    Each field present is read once and decoded in place where its value has the exact type its
    hint names (a str as it is, an enum member looked up by value, a list of plain values kept);
    anything else goes to the field type's own decoder, and data that is not exactly a dict to
    the generic decoder, so the answer (or the error) is always theirs."""
    fields = [(name, hint, _decoder(hint)) for name, hint in _fields(tp)]
    generic = _generic_dataclass_decoder(tp, [(name, dec) for name, _hint, dec in fields])
    env: dict[str, Any] = {"_tp": tp, "_generic": generic, "_M": _MISSING, "_dict": dict}
    body = [
        "def dec(data):",
        "    if type(data) is not _dict:",
        "        return _generic(data)",
        "    kw = {}",
    ]
    for i, (name, hint, dec) in enumerate(fields):
        env[f"_g{i}"] = dec
        value = _decode_code(hint, "x", f"_g{i}", env, f"{i}")
        body.append(f"    x = data.get({name!r}, _M)")
        body.append("    if x is not _M:")
        body.append(f"        kw[{name!r}] = {value}")
    body.append("    return _tp(**kw)")
    dec_fn: _Decoder = _made(body, env, "dec", f"decode_{tp.__name__}")
    return dec_fn


def _decode_code(hint: Any, var: str, whole: str, env: dict[str, Any], tag: str) -> str:
    """An expression that is `whole(var)` (the hint's own decoder), with the value taken as it
    is where its type is exactly what `hint` names. A guard tests everything first, so the fast
    path never fails where the decoder would not."""
    fallback = f"{whole}({var})"
    origin = get_origin(hint)
    args = get_args(hint)
    if hint is Any or hint is object:
        return var
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) == 1 and members[0] in _EXACT:
            t = members[0].__name__
            return f"{var} if type({var}) is {t} or {var} is None else {fallback}"
        return fallback  # a union's own decoder (its errors are its own)
    if hint in _EXACT:
        return f"{var} if type({var}) is {hint.__name__} else {fallback}"
    if origin in (tuple, list, Sequence) and args:
        as_tuple = origin is tuple
        if as_tuple and args[-1] is not Ellipsis:
            guard = _fixed_guard(args, var)
            if guard is None:
                return fallback
            return f"({', '.join(f'{var}[{k}]' for k in range(len(args)))},) if {guard} else {fallback}"
        item = args[0]
        if item in (int, str, float):  # the decoder keeps a list of exact values as it is
            env[f"_S{tag}"] = frozenset({item})
            kept = f"tuple({var})" if as_tuple else var
            guard = f"type({var}) is list and {{*map(type, {var})}} <= _S{tag}"
            return f"{kept} if {guard} else {fallback}"
        y = f"y{tag}"
        item_code = _item_code(item, y, env, f"{tag}_")
        if item_code is None:
            return fallback
        made = f"[{item_code} for {y} in {var}]"
        made = f"tuple({made})" if as_tuple else made
        return f"{made} if type({var}) is list else {fallback}"
    if origin is not None or not isinstance(hint, type):
        return fallback
    if issubclass(hint, Enum):
        by_value = {k: v for k, v in hint._value2member_map_.items() if type(k) is str}
        env[f"_E{tag}"] = by_value
        return f"_E{tag}[{var}] if type({var}) is str and {var} in _E{tag} else {fallback}"
    if hint is datetime or hint is date:
        env[f"_iso{tag}"] = hint.fromisoformat
        return f"_iso{tag}({var}) if type({var}) is str else {fallback}"
    return fallback  # a dataclass, bytes, a mapping: the type's own decoder


def _fixed_guard(args: tuple[Any, ...], var: str) -> str | None:
    """The test that `var` is a list of exactly `args`' plain types (a fixed tuple's items)."""
    if not all(a in (int, str, bool) for a in args):
        return None
    tests = [f"type({var}) is list", f"len({var}) == {len(args)}"]
    tests += [f"type({var}[{k}]) is {a.__name__}" for k, a in enumerate(args)]
    return " and ".join(tests)


def _item_code(item: Any, y: str, env: dict[str, Any], tag: str) -> str | None:
    """An expression that decodes item `y` of a sequence as the item type's decoder does."""
    dec = _decoder(item)
    env[f"_i{tag}"] = dec
    origin = get_origin(item)
    args = get_args(item)
    if origin is tuple and args and args[-1] is not Ellipsis:
        guard = _fixed_guard(args, y)
        if guard is not None:
            return f"({', '.join(f'{y}[{k}]' for k in range(len(args)))},) if {guard} else _i{tag}({y})"
    return f"_i{tag}({y})"

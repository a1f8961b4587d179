"""How a batch's tasks that are not plain sheet rows cross the pipe to the workers.

Fresh rows and finished rows cross as tuples of plain values (`stream._Chunk`, `stream._Outs`).
A row finished again (`stream._Again`, with its sheet row) is pickled as objects, and a frozen
dataclass with slots pickles through `dataclasses`' generic state functions, which look its fields
up again for every object. `by_fields` makes such a class pickle as a call of the class with its
field values, in order (what `copy`/`pickle` would rebuild anyway).
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, TypeVar

__all__ = ["by_fields"]

C = TypeVar("C", bound=type)


def by_fields(cls: C) -> C:
    """Pickle instances of dataclass `cls` as `cls(*field values)`; every field must be an
    `__init__` argument (a field with `init=False` could not be given back)."""
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__} has fields outside __init__")
    names = [f.name for f in fields]
    if len(names) == 1:
        one = attrgetter(names[0])

        def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, (one(self),)

    else:
        get = attrgetter(*names)

        def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls

"""Records of ``rashomon.model`` as JSON data and back, exactly.

Stored comparisons are frozen dataclasses (``Comparison``, ``Claim``,
``TimelineEntry`` ...) made of strings, numbers, enums, tuples and other such
records. They are stored as JSON, not pickled: a database can come from someone
else, and loading it must never run code. The field types are read from the
dataclass itself, so a new field needs no change here; a field added with a default
reads old data (written without it) as the default.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import math
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")


def digest_of(parts: Sequence[str]) -> str:
    """The key of a stored result: a hash of what it was computed from, in order."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode())
        hashed.update(b"\0")
    return hashed.hexdigest()


def to_data(record: object) -> Any:
    """``record`` (a model dataclass, or a tuple of them) as JSON-ready data: a
    dataclass becomes a dict of its fields, leaving out fields at their default."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        found = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if f.default is not dataclasses.MISSING and value == f.default:
                continue
            found[f.name] = to_data(value)
        return found
    if isinstance(record, tuple | list):
        return [to_data(v) for v in record]
    if isinstance(record, enum.Enum):
        return record.value
    if isinstance(record, float) and not math.isfinite(record):
        return str(record)  # "inf": strict JSON (PostgreSQL's) has no infinity
    return record


def from_data(kind: type[R], data: Any) -> R:
    """The record of type ``kind`` that ``to_data`` turned into ``data``."""
    return typing.cast(R, _reader(typing.cast(Any, kind))(data))


@functools.cache
def _reader(kind: Any) -> Callable[[Any], Any]:
    """A function that reads data of type ``kind`` (worked out once per type: a
    corpus's stored comparisons hold hundreds of thousands of records)."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = {name: _reader(hint) for name, hint in typing.get_type_hints(kind).items()}
        maker: Any = kind
        return lambda data: maker(**{name: fields[name](value) for name, value in data.items()})
    origin = typing.get_origin(kind)
    if origin is tuple:
        item = _reader(typing.get_args(kind)[0])
        return lambda data: tuple(item(value) for value in data)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [_reader(a) for a in typing.get_args(kind) if a is not type(None)]
        return lambda data: None if data is None else inner(data)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind is float:
        return float  # "inf" back to infinity
    return _same


def _same(data: Any) -> Any:
    return data

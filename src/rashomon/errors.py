"""rashomon's exceptions, one tree, each with a message a user can act on.

::

    RashomonError
    ├── InputError            an input file or record cannot become an article
    │   ├── MissingInput          the path does not exist
    │   ├── BinaryInput           not text (an image, an archive, a PDF ...)
    │   ├── UndecodableInput      no character encoding fits
    │   ├── EmptyInput            nothing but whitespace
    │   ├── TooLargeInput         over the size cap
    │   ├── NoArticleText         HTML (or a record) with no article text in it
    │   ├── MalformedInput        broken JSON, XML or WARC structure
    │   └── TruncatedInput        a compressed or archived stream that ends early
    ├── RulesError            a noise-rules or sources file cannot be used
    ├── StoreError            the database cannot be opened or written
    └── OutputError           an output file (the export) cannot be written there

Readers raise these (or yield :class:`rashomon.model.Problem` records for
per-record trouble inside a container); the ingest pipeline turns them into
problems so one bad input never stops a batch; the CLI turns problems into
lines and an exit code.
"""

from __future__ import annotations


class RashomonError(Exception):
    """Base class: everything rashomon raises on purpose."""


class InputError(RashomonError):
    """An input cannot be turned into an article; ``code`` is stable, for machines."""

    code = "input"

    def __init__(self, path: str, reason: str, *, locator: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.locator = locator
        where = f"{path}, {locator}" if locator else path
        super().__init__(f"{where}: {reason}")


class MissingInput(InputError):
    code = "missing"


class BinaryInput(InputError):
    code = "binary"


class UndecodableInput(InputError):
    code = "undecodable"


class EmptyInput(InputError):
    code = "empty"


class TooLargeInput(InputError):
    code = "too-large"


class NoArticleText(InputError):
    code = "no-text"


class MalformedInput(InputError):
    code = "malformed"


class TruncatedInput(InputError):
    code = "truncated"


class RulesError(RashomonError):
    """A rules or sidecar file is missing, malformed or has a bad pattern."""


class StoreError(RashomonError):
    """The database cannot be opened, migrated or written."""


class OutputError(RashomonError):
    """An output file cannot be written: a device or folder in its place, a full disk."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

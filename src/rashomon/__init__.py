"""rashomon: read the news from many outlets at once.

The pipeline's stages are subpackages — ``ingest``, ``store``, ``report``, and
in later releases ``understand``, ``stories``, ``compare`` and ``web`` — and the
records they pass along are defined once in :mod:`rashomon.model`.
"""

from rashomon.model import Article, Draft, IngestReport, InputFormat, Problem, RemovedSpan, Severity

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Draft",
    "IngestReport",
    "InputFormat",
    "Problem",
    "RemovedSpan",
    "Severity",
    "__version__",
]

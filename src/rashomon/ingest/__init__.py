"""Stage 1, ingest: read articles from files, clean them, spot copies, store them."""

from rashomon.ingest.pipeline import DEFAULT_MAX_BYTES, IngestOptions, ingest

__all__ = ["DEFAULT_MAX_BYTES", "IngestOptions", "ingest"]

"""The store: articles and everything derived from them, in SQLite or PostgreSQL."""

from rashomon.store.database import DEFAULT_DB, open_engine
from rashomon.store.repository import Store

__all__ = ["DEFAULT_DB", "Store", "open_engine"]

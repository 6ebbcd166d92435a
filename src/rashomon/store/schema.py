"""The database schema, written once for SQLite and PostgreSQL alike.

SQLAlchemy Core tables (no ORM: ingest writes thousands of rows a second and
reads them back as plain records). Alembic migrations in ``migrations/`` build
exactly this schema; a test checks the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa


def _article_key() -> sa.Column[str]:
    """The article a derived row belongs to: part of its key, deleted with the article."""
    return sa.Column(
        "article_id",
        sa.String(100),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    )


# The Alembic revision this code expects; opening an older database upgrades it.
SCHEMA_REVISION = "0010"

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
    # running | complete | interrupted | failed
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("counts", sa.JSON),
    # the process that runs it (revision 0004): a run left "running" by a process that
    # no longer exists was killed, and is marked interrupted
    sa.Column("pid", sa.Integer),
    sa.Column("host", sa.String(255)),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(100), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("raw_text", sa.Text, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("country", sa.String(64)),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("fetched", sa.String(40)),
    sa.Column("author", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("language_score", sa.Float),
    sa.Column("duplicate_of", sa.String(100), sa.ForeignKey("articles.id"), index=True),
    sa.Column("duplicate_similarity", sa.Float),
    sa.Column("source_path", sa.Text, nullable=False),
    sa.Column("source_format", sa.String(16), nullable=False),
    sa.Column("source_locator", sa.String(64)),
    sa.Column("extra", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id"), nullable=False),
)

removed_spans = sa.Table(
    "removed_spans",
    metadata,
    _article_key(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("rule", sa.String(64), nullable=False, index=True),
)

problems = sa.Table(
    "problems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id"), nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("locator", sa.String(64)),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
)

# -- understanding (revision 0002) ----------------------------------------------------

article_annotations = sa.Table(
    "annotations",
    metadata,
    _article_key(),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("document_date", sa.String(40)),
    sa.Column("document_date_source", sa.String(16), nullable=False),
    sa.Column("document_date_precision", sa.String(8)),
    # how the year was read from the text when nothing else gave it (revision 0010)
    sa.Column("document_date_reason", sa.Text),
    # the spaCy parse (DocBin bytes), so later stages need not parse again
    sa.Column("doc", sa.LargeBinary, nullable=False),
    sa.Column("annotated_at", sa.String(32), nullable=False),
    # why the article was not analysed (revision 0004), e.g. too long to parse; NULL if it was
    sa.Column("skipped", sa.Text),
)

sentences = sa.Table(
    "sentences",
    metadata,
    _article_key(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _article_key(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False, index=True),
    sa.Column("canonical", sa.String(200), index=True),
    sa.Column("value", sa.Float),
    sa.Column("upper", sa.Float),
    sa.Column("qualifier", sa.String(16)),
    sa.Column("unit", sa.Text),
    sa.Column("precision", sa.String(8)),
    sa.Column("resolution", sa.String(16)),
    sa.Column("note", sa.Text),
    sa.Column("role", sa.Text),
    sa.Column("label", sa.String(32)),
    # an actor's id as its article gives it alone (revision 0009): corpus-wide linking
    # reads these and writes ``canonical``, so linking never starts from its own output
    sa.Column("local_canonical", sa.String(200)),
)

# who said what (revision 0005): the content's span, the cue and the speaker's words;
# the speaker's actor id is that of the mention naming it, renamed with corpus linking
quotes = sa.Table(
    "quotes",
    metadata,
    _article_key(),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("speaker", sa.Text),
    sa.Column("speaker_id", sa.String(200), index=True),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    # the speaker's id as the article gives it alone (revision 0009; see mentions)
    sa.Column("local_speaker_id", sa.String(200)),
)

# -- stories (revision 0003) ----------------------------------------------------------

story_profiles = sa.Table(
    "story_profiles",
    metadata,
    _article_key(),
    # the day used for the candidate time window (event day, else publication), or NULL
    sa.Column("day", sa.String(10), index=True),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
    sa.Column("profile", sa.JSON, nullable=False),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("founder", sa.String(100), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("date_value", sa.String(10)),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("storyline", sa.String(32), index=True),
    sa.Column("size", sa.Integer, nullable=False),
    # date basis and sources, outlets, actors, places, joins, apart, completions
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)

story_members = sa.Table(
    "story_members",
    metadata,
    _article_key(),
    sa.Column("story_id", sa.String(32), nullable=False, index=True),
)

story_aliases = sa.Table(
    "story_aliases",
    metadata,
    sa.Column("old_id", sa.String(32), primary_key=True),
    sa.Column("story_id", sa.String(32), nullable=False),
)

storylines = sa.Table(
    "storylines",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("stories", sa.JSON, nullable=False),
)

story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("value", sa.LargeBinary, nullable=False),
)

# -- reliability (revision 0004) ------------------------------------------------------

# Corpus-wide steps that must run before a stage's results are complete ("link-actors"):
# marked in the same transaction as the work that makes them necessary, cleared in the
# same transaction as the step's own writes, so a crash between the two is never lost.
pending_work = sa.Table(
    "pending_work",
    metadata,
    sa.Column("step", sa.String(32), primary_key=True),
    sa.Column("since", sa.String(32), nullable=False),
)

# -- stored comparisons (revision 0006) -------------------------------------------------

# A story's comparison, computed once (`rashomon.compare.store`): ``key`` digests what
# it was computed from (the compare code and lexicons, the embedding model, the story
# and each member's outlet, copy mark and annotation stamp), so a row whose key no
# longer matches is stale and is recomputed; ``result`` holds the comparison and the
# story's dated claims and document days (what the corpus timeline is built from).
comparisons = sa.Table(
    "comparisons",
    metadata,
    sa.Column("story_id", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("computed_at", sa.String(32), nullable=False),
)

# Results over the whole corpus (the timeline), keyed like a story's comparison.
corpus_results = sa.Table(
    "corpus_results",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("computed_at", sa.String(32), nullable=False),
)

# Sentence-embedding vectors of the phrases the comparison aligns, so a rerun does not
# encode them again: ``digest`` is a hash of the model's name and the phrase.
phrase_vectors = sa.Table(
    "phrase_vectors",
    metadata,
    sa.Column("digest", sa.String(32), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

# -- the export, a part per article (revision 0007) and per story (0008) -------------

# Each article's part of the JSON export, made once (``rashomon.report.export``):
# ``body`` is the article's export object as JSON, zlib-compressed; ``digest`` what the
# terminal report reads of it (counts and names, not the text). ``key`` digests what
# the part was made from (the export code, the article's copy mark, its annotation
# stamp), so a part whose key no longer matches is made again.
export_articles = sa.Table(
    "export_articles",
    metadata,
    sa.Column(
        "article_id",
        sa.String(100),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.JSON, nullable=False),
)

# Each story's part, likewise: its export object (with its comparison) and ``digest``,
# what the overview lists of it. ``key`` digests the export code, the story record and
# the key its comparison was computed under. No foreign key, as for the stored
# comparisons: the parts of stories that no longer exist are dropped when the parts
# are refreshed.
export_stories = sa.Table(
    "export_stories",
    metadata,
    sa.Column("story_id", sa.String(100), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.JSON, nullable=False),
)

"""Articles, removed spans, ingest runs and problems.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("counts", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
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
        sa.Column("duplicate_of", sa.String(100)),
        sa.Column("duplicate_similarity", sa.Float),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("source_locator", sa.String(64)),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_articles"),
        sa.UniqueConstraint("id", name="uq_articles_id"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
        sa.ForeignKeyConstraint(
            ["duplicate_of"], ["articles.id"], name="fk_articles_duplicate_of_articles"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ingest_runs.id"], name="fk_articles_run_id_ingest_runs"
        ),
    )
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    op.create_table(
        "removed_spans",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_removed_spans"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_removed_spans_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_removed_spans_rule", "removed_spans", ["rule"])
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("locator", sa.String(64)),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_problems"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ingest_runs.id"], name="fk_problems_run_id_ingest_runs"
        ),
    )
    op.create_index("ix_problems_run_id", "problems", ["run_id"])


def downgrade() -> None:
    op.drop_table("problems")
    op.drop_table("removed_spans")
    op.drop_table("articles")
    op.drop_table("ingest_runs")

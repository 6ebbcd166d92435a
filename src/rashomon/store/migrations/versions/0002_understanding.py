"""Annotations (document date, parse), sentences and mentions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"], ["articles.id"], name=f"fk_{table}_article_id_articles", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("document_date", sa.String(40)),
        sa.Column("document_date_source", sa.String(16), nullable=False),
        sa.Column("document_date_precision", sa.String(8)),
        sa.Column("doc", sa.LargeBinary, nullable=False),
        sa.Column("annotated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_annotations"),
        _article_fk("annotations"),
    )
    op.create_table(
        "sentences",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_sentences"),
        _article_fk("sentences"),
    )
    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("canonical", sa.String(200)),
        sa.Column("value", sa.Float),
        sa.Column("upper", sa.Float),
        sa.Column("qualifier", sa.String(16)),
        sa.Column("unit", sa.Text),
        sa.Column("precision", sa.String(8)),
        sa.Column("resolution", sa.String(16)),
        sa.Column("note", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("label", sa.String(32)),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_mentions"),
        _article_fk("mentions"),
    )
    op.create_index("ix_mentions_type", "mentions", ["type"])
    op.create_index("ix_mentions_canonical", "mentions", ["canonical"])


def downgrade() -> None:
    op.drop_table("mentions")
    op.drop_table("sentences")
    op.drop_table("annotations")

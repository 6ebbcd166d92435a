"""Who said what: each article's quotations and attributions.

Annotations made before this revision have no quotes; their ``model`` key does not
carry the rules version that finds them, so the next ``analyze`` annotates them again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cue", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_id", sa.String(200)),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_quotes"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_quotes_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])


def downgrade() -> None:
    op.drop_table("quotes")

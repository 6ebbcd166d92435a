"""Stored comparisons: each story's comparison, the corpus timeline, phrase vectors.

Nothing to convert: a database made before this revision has no stored comparison,
so the next ``analyze`` (or ``compare``, ``timeline``, ``export``) computes them.
Annotation stamps gain microseconds (the stored comparisons are keyed by them).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comparisons",
        sa.Column("story_id", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_comparisons"),
    )
    op.create_table(
        "corpus_results",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_corpus_results"),
    )
    op.create_table(
        "phrase_vectors",
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_phrase_vectors"),
    )


def downgrade() -> None:
    op.drop_table("phrase_vectors")
    op.drop_table("corpus_results")
    op.drop_table("comparisons")

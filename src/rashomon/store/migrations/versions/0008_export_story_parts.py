"""The export, a part per story too: each story's export object, made once.

Nothing to convert: the next ``analyze`` makes every story's part (``export`` makes
what is missing without storing). The layout of the stored article parts changes
with this revision (bodies are stored indented to their place), and their key with
it, so they are made again once.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_stories",
        sa.Column("story_id", sa.String(100), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("digest", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_export_stories"),
    )


def downgrade() -> None:
    op.drop_table("export_stories")

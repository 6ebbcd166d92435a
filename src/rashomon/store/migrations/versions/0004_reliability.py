"""Reliability: work still to do is recorded, runs know their process, and an
article can be recorded as not analysed (with the reason).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_work",
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("since", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("step", name="pk_pending_work"),
    )
    op.add_column("ingest_runs", sa.Column("pid", sa.Integer))
    op.add_column("ingest_runs", sa.Column("host", sa.String(255)))
    op.add_column("annotations", sa.Column("skipped", sa.Text))
    # a database made before this revision may have annotated articles whose actors were
    # never linked across the corpus (the defect this revision fixes): link once more
    op.execute(
        sa.text(
            "INSERT INTO pending_work (step, since)"
            " SELECT 'link-actors', '1970-01-01T00:00:00+00:00'"
            " WHERE EXISTS (SELECT 1 FROM annotations)"
        )
    )


def downgrade() -> None:
    op.drop_column("annotations", "skipped")
    op.drop_column("ingest_runs", "host")
    op.drop_column("ingest_runs", "pid")
    op.drop_table("pending_work")

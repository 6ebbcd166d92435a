"""Why an article's year was read from its own text.

An article without a dated source may get its year from its text
(:mod:`rashomon.understand.textyear`): the annotation keeps the reason beside the
date, so every view can say where the year came from. Annotations written before
this revision have no reason (NULL): their dates came from metadata or a dateline.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annotations", sa.Column("document_date_reason", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("document_date_reason")

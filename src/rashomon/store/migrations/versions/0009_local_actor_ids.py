"""Actor ids as each article gives them alone, kept beside the corpus-wide ones.

Corpus-wide linking used to read the ids the last linking had written and write them
over, so what it gave depended on the order articles arrived in (a surname linked to
the one full name of an earlier run stayed linked when a second person of that
surname arrived). From this revision the store keeps each actor mention's and
speaker's own id (``local_canonical``, ``local_speaker_id``); linking reads those and
writes ``canonical`` and ``speaker_id`` only.

Annotations written before this revision kept only the linked ids: they are copied
as the local ones, so the articles of such a store link as before (the order effect
stays on them) until they are annotated again; articles added later link from their
own ids.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("local_canonical", sa.String(200)))
    op.add_column("quotes", sa.Column("local_speaker_id", sa.String(200)))
    op.execute(
        "UPDATE mentions SET local_canonical = canonical WHERE type IN ('person', 'organisation')"
    )
    op.execute("UPDATE quotes SET local_speaker_id = speaker_id")


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("local_speaker_id")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("local_canonical")

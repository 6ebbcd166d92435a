"""Stories: article event profiles, stories and their members, aliases, storylines.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"], ["articles.id"], name=f"fk_{table}_article_id_articles", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "story_profiles",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("day", sa.String(10)),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_profiles"),
        _article_fk("story_profiles"),
    )
    op.create_index("ix_story_profiles_day", "story_profiles", ["day"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("founder", sa.String(100), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("date_value", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("storyline", sa.String(32)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_storyline", "stories", ["storyline"])
    op.create_table(
        "story_members",
        sa.Column("article_id", sa.String(100), nullable=False),
        sa.Column("story_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_members"),
        _article_fk("story_members"),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])
    op.create_table(
        "story_aliases",
        sa.Column("old_id", sa.String(32), nullable=False),
        sa.Column("story_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("old_id", name="pk_story_aliases"),
    )
    op.create_table(
        "storylines",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("stories", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_storylines"),
    )
    op.create_table(
        "story_state",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_story_state"),
    )


def downgrade() -> None:
    for table in ("story_state", "storylines", "story_aliases", "story_members", "stories"):
        op.drop_table(table)
    op.drop_table("story_profiles")

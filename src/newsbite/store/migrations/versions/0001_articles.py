"""Articles: one row per stored article, its whole JSON document and the columns listings need.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(16), nullable=False, unique=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("headline", sa.Text),
        sa.Column("standfirst", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("agency", sa.Text),
        sa.Column("section", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("sort_time", sa.String(20), nullable=False),
        sa.Column("added_at", sa.String(20), nullable=False),
        sa.Column("bite", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_index("articles_by_time", "articles", ["sort_time", "seq"])
    op.create_index("articles_by_hash", "articles", ["content_hash"])


def downgrade() -> None:
    op.drop_table("articles")

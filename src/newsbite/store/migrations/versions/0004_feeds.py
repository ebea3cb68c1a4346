"""The feed list: each subscribed feed with what conditional GET needs and its last health.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("site_url", sa.Text),
        sa.Column("format", sa.Text),
        sa.Column("added_at", sa.String(20), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("poll_seconds", sa.Integer),
        sa.Column("next_poll_at", sa.String(20)),
        sa.Column("last_polled_at", sa.String(20)),
        sa.Column("last_success_at", sa.String(20)),
        sa.Column("last_error_at", sa.String(20)),
        sa.Column("last_error_reason", sa.Text),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("feeds")

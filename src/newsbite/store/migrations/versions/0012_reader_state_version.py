"""A reader's state version: a number every change of their read and starred items or of their
subscriptions moves, so that what is counted from them (a front page's unread counts, the sync
APIs' unread counts) can be kept until it moves, and every server worker sees it move in the row
it reads to know who is asking.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("readers", sa.Column("state_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("readers") as batch:
        batch.drop_column("state_version")

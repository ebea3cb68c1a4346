"""Stories ranked by an index: each story's rank on the front page is kept in `stories.rank`,
with the half-life it was computed with in `merge_state.rank_half_life`.

Computing the rank of every story for each front page scanned them all (docs/serve.md). The
ranks start empty; the first ranked listing fills them with its half-life (StoryList.ranked).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("rank", sa.Float))
    op.create_index("stories_by_rank", "stories", ["rank", "seq"])
    op.add_column("merge_state", sa.Column("rank_half_life", sa.Float))


def downgrade() -> None:
    op.drop_column("merge_state", "rank_half_life")
    op.drop_index("stories_by_rank", table_name="stories")
    op.drop_column("stories", "rank")

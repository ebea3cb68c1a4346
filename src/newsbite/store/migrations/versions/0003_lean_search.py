"""A leaner write path: the body leaves the articles table, search indexes keep only what they need.

Measured with bench/serve.py (100,000 articles): storing ran at 1,241 articles/s on SQLite and
623/s on PostgreSQL, most of it spent keeping a second copy of every body and its indexes.

- SQLite: the external-content FTS5 index (which read the `body` column through triggers)
  becomes a contentless one with `detail=none`: it keeps which articles hold each term, not
  where, which is all a search that ANDs whole words needs. The store writes it directly.
- PostgreSQL: the generated `tsvector` column (computed from `body`) becomes a plain one that
  the store fills as it inserts; the stored document is compressed with lz4 where the server
  has it (a fraction of pglz's time).
- Both: `body` is dropped (the document holds it), and the unused index on `content_hash`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("articles_by_hash", "articles")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _sqlite() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER articles_fts_{trigger}")
    op.execute("DROP TABLE articles_fts")
    op.execute(
        "CREATE VIRTUAL TABLE articles_search USING fts5("
        "headline, body, content='', detail=none, tokenize='porter unicode61')"
    )
    # The body column holds exactly what the store indexes ("\n\n"-joined paragraphs), so the
    # rows it indexes now can be deleted with the same values when an article is updated.
    op.execute(
        "INSERT INTO articles_search(rowid, headline, body) "
        "SELECT seq, coalesce(headline, ''), body FROM articles"
    )
    # SQLite's own DROP COLUMN, not a table rebuild: a rebuild drops the table, and dropping it
    # would cascade to the entity and place rows.
    op.execute("ALTER TABLE articles DROP COLUMN body")


def _postgresql() -> None:
    op.execute("ALTER TABLE articles ADD COLUMN search_terms tsvector")
    op.execute(
        "UPDATE articles SET search_terms = "
        "setweight(to_tsvector('english', coalesce(headline, '')), 'A') || to_tsvector('english', body)"
    )
    op.execute("ALTER TABLE articles DROP COLUMN search")  # the generated column and its index
    op.execute("ALTER TABLE articles RENAME COLUMN search_terms TO search")
    op.execute("CREATE INDEX articles_search ON articles USING gin (search)")
    op.execute("ALTER TABLE articles DROP COLUMN body")
    lz4 = op.get_bind().exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    if lz4.scalar():
        op.execute("ALTER TABLE articles ALTER COLUMN document SET COMPRESSION lz4")


def downgrade() -> None:
    raise NotImplementedError("0003 drops the body column; restore a backup to go back to 0002")

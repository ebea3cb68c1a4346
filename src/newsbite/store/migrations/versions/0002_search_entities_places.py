"""Full-text search (SQLite FTS5, PostgreSQL tsvector) and the entity and place indexes.

Existing rows are carried over: their body, entities and places are read back out of each
stored document, so a store made by 0001 is searchable and browsable after the upgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import json
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BATCH = 500
_ENTITY = ("label", "mentions", "salience")
_PLACE = ("country", "lat", "lon", "mentions")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("body", sa.Text, nullable=False, server_default=""))
    entities = op.create_table(
        "article_entities",
        sa.Column(
            "article_seq", SEQUENCE, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("name_key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("salience", sa.Float, nullable=False),
    )
    places = op.create_table(
        "article_places",
        sa.Column(
            "article_seq", SEQUENCE, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("name_key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("article_entities_by_name", "article_entities", ["name_key"])
    op.create_index("article_places_by_name", "article_places", ["name_key"])
    _backfill(entities, places)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_search()
    else:
        _sqlite_search()


def _backfill(entities: sa.Table, places: sa.Table) -> None:
    bind = op.get_bind()
    articles = sa.table("articles", sa.column("seq"), sa.column("document"), sa.column("body"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(articles.c.seq, articles.c.document)
            .where(articles.c.seq > last)
            .order_by(articles.c.seq)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for seq, document in rows:
            data = json.loads(zlib.decompress(document) if isinstance(document, bytes) else document)
            body = "\n\n".join(p for s in data.get("sections", []) for p in s.get("paragraphs", []))
            bind.execute(articles.update().where(articles.c.seq == seq).values(body=body))
            for table, key, keep in ((entities, "entities", _ENTITY), (places, "places", _PLACE)):
                found = _named_rows(seq, data.get(key, []), keep)
                if found:
                    bind.execute(table.insert(), found)
        last = rows[-1][0]


def _named_rows(seq: int, found: list[dict], keep: tuple[str, ...]) -> list[dict]:
    """One index row per casefolded name, the first (most salient) winning."""
    rows: dict[str, dict] = {}
    for item in found:
        key = item["name"].casefold()
        rows.setdefault(
            key, {"article_seq": seq, "name_key": key, "name": item["name"]} | {k: item[k] for k in keep}
        )
    return list(rows.values())


def _postgresql_search() -> None:
    op.execute(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(headline, '')), 'A') || "
        "to_tsvector('english', body)) STORED"
    )
    op.execute("CREATE INDEX articles_search ON articles USING gin (search)")


def _sqlite_search() -> None:
    # An external-content FTS5 index over the articles table, kept in step by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "headline, body, content='articles', content_rowid='seq', tokenize='porter unicode61')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, headline, body) VALUES (new.seq, new.headline, new.body); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, headline, body) "
        "VALUES ('delete', old.seq, old.headline, old.body); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, headline, body) "
        "VALUES ('delete', old.seq, old.headline, old.body); "
        "INSERT INTO articles_fts(rowid, headline, body) VALUES (new.seq, new.headline, new.body); END"
    )
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE articles DROP COLUMN search")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER articles_fts_{trigger}")
        op.execute("DROP TABLE articles_fts")
    op.drop_table("article_places")
    op.drop_table("article_entities")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("body")

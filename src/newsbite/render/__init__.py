"""Render: articles as terminal text, JSON, JSONL or Markdown."""

from newsbite.render.writers import WRITERS, ArticleWriter, article_markdown

__all__ = ["WRITERS", "ArticleWriter", "article_markdown"]

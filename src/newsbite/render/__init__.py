"""Render: articles as terminal text, JSON, JSONL or Markdown."""

from newsbite.render.schema import article_from_dict, article_to_dict
from newsbite.render.writers import WRITERS, ArticleWriter, article_markdown

__all__ = ["WRITERS", "ArticleWriter", "article_from_dict", "article_markdown", "article_to_dict"]

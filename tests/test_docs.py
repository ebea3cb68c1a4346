"""Every setting is documented, and the README keeps its two set-up commands."""

from __future__ import annotations

from pathlib import Path

from newsbite.config import ENV_PREFIX, Settings

REPO = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented() -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{ENV_PREFIX}{name.upper()}`" in text, name
        assert f"| `{name}` |" in text, name


def test_every_json_key_is_documented() -> None:
    from newsbite.model import Article
    from newsbite.schema import article_to_dict

    text = (REPO / "docs" / "json-schema.md").read_text(encoding="utf-8")
    for key in article_to_dict(Article(id="x", origin="o")):
        assert f"| `{key}` |" in text, key


def test_readme_has_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")

"""The documentation: every setting and JSON key documented, the README's set-up commands and
example, and every Markdown file rendering as written (CommonMark, markdown-it-py)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsbite.config import ENV_PREFIX, Settings

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
MARKDOWN_FILES = [README, *DOCS]
# A line that CommonMark makes a heading when it is not inside code ("#" to "######", a space).
HEADING_LINE = re.compile(r"#{1,6} ")


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
    readme = README.read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_is_under_10_kb() -> None:
    assert len(README.read_bytes()) < 10_000


def test_readme_indexes_every_doc() -> None:
    readme = README.read_text(encoding="utf-8")
    for doc in DOCS:
        assert f"](docs/{doc.name})" in readme, doc.name


def unclosed_fences(tokens: list[Token], lines: list[str]) -> list[str]:
    """Each code fence that runs to the end of the document with no closing fence; [] if none."""
    problems = []
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        last = lines[end - 1].strip().lstrip("> ").strip() if end - start >= 2 else ""
        closed = last.startswith(token.markup) and set(last) == {token.markup[0]}
        if end >= len(lines) and not closed:
            problems.append(f"line {start + 1}: the code fence opened here is never closed")
    return problems


def swallowed_headings(tokens: list[Token], lines: list[str]) -> list[str]:
    """Each `# ` line that does not come out as a heading; [] if none.

    Inside a fence that names its language (```yaml, ```python) such a line is a comment; inside a
    fence that names none, in this project's terminal sessions and trees, it is a heading that a
    fence left open above swallowed, so it counts as outside code.
    """
    headings = {token.map[0] for token in tokens if token.type == "heading_open" and token.map}
    commented = set()
    for token in tokens:
        if token.type == "fence" and token.map and token.info.strip():
            commented.update(range(*token.map))
    return [
        f"line {number + 1}: {line!r} does not come out as a heading"
        for number, line in enumerate(lines)
        if HEADING_LINE.match(line) and number not in headings and number not in commented
    ]


def rendering_problems(text: str) -> list[str]:
    """Where CommonMark does not render the text as it was written; [] when it does."""
    tokens = MarkdownIt("commonmark").parse(text)
    lines = text.splitlines()
    return unclosed_fences(tokens, lines) + swallowed_headings(tokens, lines)


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=[str(p.relative_to(REPO)) for p in MARKDOWN_FILES])
def test_markdown_renders_as_written(path: Path) -> None:
    assert rendering_problems(path.read_text(encoding="utf-8")) == []


def test_a_fence_never_closed_is_found() -> None:
    text = "# Use\n\nAn example:\n\n```\n$ newsbite bite story.txt\n"
    assert rendering_problems(text) == ["line 5: the code fence opened here is never closed"]


def test_a_fence_closed_by_a_longer_run_only_is_found() -> None:
    assert rendering_problems("````\ncode\n```\n") == ["line 1: the code fence opened here is never closed"]


def test_a_heading_swallowed_by_a_fence_left_open_is_found() -> None:
    # The README's old shape: an example's fence left open runs on until the next fence line.
    text = "```\n$ newsbite bite story.txt\n\n## Use\n\n```python\nimport newsbite\n```\n"
    assert rendering_problems(text) == ["line 4: '## Use' does not come out as a heading"]


def test_a_comment_in_a_named_language_is_not_a_heading() -> None:
    text = "# Batch\n\n```yaml\n# ~/.config/dask/newsbite.yaml\ndistributed: {}\n```\n"
    assert rendering_problems(text) == []


def _readme_python_example() -> tuple[str, str]:
    """The README's "From Python" code and the output it shows after it."""
    section = README.read_text(encoding="utf-8").split("## From Python", 1)[1]
    code, shown = re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.DOTALL)[:2]
    return code, shown


def test_readme_python_example_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, shown = _readme_python_example()
    sample = REPO / "src" / "newsbite" / "samples" / "html" / "coastlinecourier_nepal_flood_followup_afp.html"
    shutil.copy(sample, tmp_path / "story.html")
    monkeypatch.chdir(tmp_path)
    for name in [name for name in os.environ if name.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown

"""A tiny installed package whose `newsbite.stages` entry point registers the stage "shout" (the
headline in capitals), for tests of stages that worker processes find by entry point, and "stall",
which never finishes an article whose headline says STALL (for the time limit's tests)."""

from __future__ import annotations

import textwrap
from pathlib import Path

SHOUTING_STAGE = """
    import os
    from dataclasses import replace

    from newsbite.registry import register_stage

    if os.environ.get("SHOUTING_STAGE_BROKEN"):
        raise RuntimeError("the shouting stage cannot start here")


    @register_stage("shout", needs={"headline"}, sets={"headline"})
    def shout(article, settings):
        return replace(article, headline=(article.headline or "").upper())


    @register_stage("stall", needs={"headline"}, sets=set())
    def stall(article, settings):
        while "STALL" in (article.headline or ""):
            sum(range(1000))  # busy in Python, as a runaway pass over a page would be
        return article
"""


def install_shouting_plugin(folder: Path) -> None:
    """A tiny installed distribution in `folder` whose entry point registers the stage "shout"."""
    (folder / "shouting_stage.py").write_text(textwrap.dedent(SHOUTING_STAGE))
    info = folder / "shouting_stage-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shouting-stage\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newsbite.stages]\nshout = shouting_stage\n")

"""The land under the place map: the shipped outlines, the level a frame picks, and the clipping."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from newsbite.serve import land
from newsbite.serve.land import LAND_FILE, Frame, land_paths, level_for, levels
from newsbite.serve.places_map import FLATTEST, TALLEST, places_map

ROOT = Path(__file__).resolve().parents[2]
WORLD = Frame(-180, 180, -90, 90, 640, 320)
NEPAL = Frame(78.3, 90.3, 24.7, 30.7, 640, 320)
SANTOS = Frame(-52.5, -40.5, -27.0, -21.0, 640, 320)
BALTIC = Frame(5, 45, 45, 70, 640, 400)
SOUTH_ATLANTIC = Frame(-30, -18, -45, -39, 640, 320)
SIBERIA = Frame(90, 102, 60, 66, 640, 320)
FRAMES = (WORLD, NEPAL, SANTOS, BALTIC)


def coordinates(path: str) -> list[tuple[int, int]]:
    numbers = [int(number) for number in re.findall(r"-?\d+", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def ring_area(ring: list[tuple[int, int]]) -> float:
    """The area a ring encloses (shoelace), whichever way round it runs."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def test_the_shipped_land_is_small_and_names_its_source() -> None:
    assert LAND_FILE.stat().st_size < 150_000
    shipped = json.loads(gzip.decompress(LAND_FILE.read_bytes()))
    assert "Natural Earth" in shipped["source"] and "public domain" in shipped["source"]
    assert [level.tolerance for level in levels()] == [0.3, 0.04]


def test_the_shipped_land_is_in_the_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["newsbite"]
    shipped = LAND_FILE.relative_to(ROOT / "src" / "newsbite").as_posix()
    assert any(fnmatch(shipped, pattern) for pattern in patterns)


def test_a_world_map_uses_the_coarse_level_and_a_region_the_fine_one() -> None:
    assert level_for(WORLD).tolerance == 0.3
    assert level_for(BALTIC).tolerance == 0.04
    assert level_for(NEPAL).tolerance == 0.04


def test_open_sea_has_no_land_and_no_borders() -> None:
    drawn = land_paths(SOUTH_ATLANTIC)
    assert drawn.land == "" and drawn.borders == ""


def test_a_frame_inside_one_country_is_land_to_its_clipped_edges() -> None:
    drawn = land_paths(SIBERIA)
    margin = land.CLIP_MARGIN
    corners = {
        (-margin, -margin),
        (640 + margin, -margin),
        (640 + margin, 320 + margin),
        (-margin, 320 + margin),
    }
    assert set(coordinates(drawn.land)) == corners
    assert drawn.borders == ""


def test_nepal_shows_its_borders_and_santos_its_coast() -> None:
    nepal = land_paths(NEPAL)
    assert nepal.borders.count("M") >= 2, "Nepal meets India and China"
    santos = land_paths(SANTOS)
    assert santos.land and santos.land.count("Z") >= 1
    # The coast runs through the frame: land covers some of it, not all and not none.
    covered = sum(ring_area(ring) for ring in _rings(santos.land))
    assert 0.2 * 640 * 320 < covered < 0.8 * 648 * 328


@pytest.mark.parametrize("frame", FRAMES, ids=["world", "nepal", "santos", "baltic"])
def test_outlines_never_reach_past_the_clipped_edges(frame: Frame) -> None:
    drawn = land_paths(frame)
    margin = land.CLIP_MARGIN
    for x, y in coordinates(drawn.land) + coordinates(drawn.borders):
        assert -margin <= x <= frame.width + margin and -margin <= y <= frame.height + margin


@pytest.mark.parametrize("frame", FRAMES, ids=["world", "nepal", "santos", "baltic"])
def test_cutting_far_runs_leaves_the_clipped_land_the_same(frame: Frame) -> None:
    for outline in level_for(frame).land:
        if not outline.reaches_into(frame):
            continue
        whole = land._clip_ring(land._projected(outline.points, frame), frame)
        cut = land._clip_ring(land._projected(land._far_runs_cut(outline.points, frame), frame), frame)
        assert len(cut) <= len(whole)
        # Crossings are rounded to whole units, so the areas may differ by a sliver along the edge.
        assert ring_area(cut) == pytest.approx(
            ring_area(whole), rel=1e-3, abs=2 * (frame.width + frame.height)
        )


def test_a_map_of_nepal_carries_little_of_eurasia() -> None:
    drawn = land_paths(NEPAL)
    assert len(drawn.land) + len(drawn.borders) < 5_000


def test_the_map_draws_land_and_borders_under_its_dots() -> None:
    svg = str(
        places_map(
            [{"name": "Kathmandu", "lat": 27.7, "lon": 85.3}, {"name": "Pokhara", "lat": 28.2, "lon": 84.0}]
        )
    )
    land_at = svg.index('<path class="land"')
    assert land_at < svg.index('<path class="border"') < svg.index('<circle class="place"')
    # The land and the grid are drawing, not content: hidden from screen readers as one group.
    assert re.search(r'<g aria-hidden="true"><rect class="sea"[^>]*/><path class="land"', svg)


def test_the_map_is_a_group_of_named_links_not_an_image() -> None:
    svg = str(places_map([{"name": "Kathmandu", "lat": 27.7, "lon": 85.3}]))
    assert 'role="img"' not in svg and 'role="group" aria-labelledby="map-title"' in svg
    assert '<a href="/places/Kathmandu"><title>Kathmandu</title>' in svg


@pytest.mark.parametrize(
    ("places", "proportions"),
    [
        # From Colombia to Uruguay: tall, made square with the land beside them.
        ([(4.8, -75.7), (-34.9, -56.2)], TALLEST),
        # Lisbon to Tokyo along one latitude: flat, made a quarter as tall as wide.
        ([(38.7, -9.1), (35.7, 139.7)], FLATTEST),
    ],
)
def test_a_map_keeps_within_its_proportions(places: list[tuple[float, float]], proportions: float) -> None:
    svg = str(places_map([{"name": f"P{i}", "lat": lat, "lon": lon} for i, (lat, lon) in enumerate(places)]))
    width, height = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())  # type: ignore[union-attr]
    assert height == pytest.approx(width * proportions, abs=1)


@pytest.mark.slow
def test_the_shipped_land_is_what_the_build_script_makes(tmp_path: Path) -> None:
    rebuilt = tmp_path / "land.json.gz"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_land.py"), "--out", str(rebuilt)],
        check=True,
        timeout=600,
    )
    assert rebuilt.read_bytes() == LAND_FILE.read_bytes()


def _rings(path: str) -> list[list[tuple[int, int]]]:
    return [coordinates(ring) for ring in path.split("Z") if ring]

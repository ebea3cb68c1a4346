"""The land and borders the place map draws, from the outlines shipped in land.json.gz.

bench/build_land.py made that file once from Natural Earth's countries (public domain): two levels
of detail, each ring and line stored as steps of a fixed unit of degrees. Here a map's frame picks
the level whose error is under a few of the map's units, keeps the outlines that reach into the
frame, projects them as the dots are projected (equirectangular) and clips them to the frame, so
that a map of Nepal does not carry the coastline of all Eurasia. Nothing is fetched at run time.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

LAND_FILE = Path(__file__).resolve().parent / "land.json.gz"
# A level is good enough for a frame when its tolerance is at most this many of the map's units;
# the fine level is used for every frame the coarse one is too rough for.
MOST_ERROR_UNITS = 2.0
# Outlines are clipped a little outside the frame, so that their cut edges and strokes never show.
CLIP_MARGIN = 4
Point = tuple[float, float]  # longitude and latitude
MapPoint = tuple[int, int]  # x and y in the map's units, whole: a finer step would not show


@dataclass(frozen=True)
class Frame:
    """The part of the world a map shows and its size in SVG units: an equirectangular projection."""

    west: float
    east: float
    south: float
    north: float
    width: int
    height: int

    def x(self, lon: float) -> float:
        return round((lon - self.west) / (self.east - self.west) * self.width, 1)

    def y(self, lat: float) -> float:
        return round((self.north - lat) / (self.north - self.south) * self.height, 1)

    def lon_at(self, x: float) -> float:
        return self.west + x / self.width * (self.east - self.west)

    def lat_at(self, y: float) -> float:
        return self.north - y / self.height * (self.north - self.south)


@dataclass(frozen=True)
class Outline:
    """One ring of land (or a hole in it) or one border line, in longitude and latitude."""

    points: tuple[Point, ...]
    west: float
    east: float
    south: float
    north: float

    def lies_within(self, frame: Frame) -> bool:
        return (
            frame.west <= self.west
            and self.east <= frame.east
            and frame.south <= self.south
            and (self.north <= frame.north)
        )

    def reaches_into(self, frame: Frame) -> bool:
        return (
            self.west <= frame.east
            and frame.west <= self.east
            and self.south <= frame.north
            and (frame.south <= self.north)
        )


@dataclass(frozen=True)
class Level:
    tolerance: float
    land: tuple[Outline, ...]
    borders: tuple[Outline, ...]


@dataclass(frozen=True)
class LandPaths:
    """The SVG path data of the land (fill it even-odd: lakes are holes) and of the borders."""

    land: str
    borders: str


def _outline(steps: list[int], unit: float) -> Outline:
    points = []
    lon_units = lat_units = 0
    for index in range(0, len(steps), 2):
        lon_units += steps[index]
        lat_units += steps[index + 1]
        points.append((lon_units * unit, lat_units * unit))
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    return Outline(tuple(points), min(lons), max(lons), min(lats), max(lats))


@cache
def levels() -> tuple[Level, ...]:
    """The shipped levels of detail, coarsest first (read once: the file never changes under a server)."""
    shipped = json.loads(gzip.decompress(LAND_FILE.read_bytes()))
    unit = shipped["unit"]
    found = [
        Level(
            level["tolerance"],
            tuple(_outline(steps, unit) for steps in level["land"]),
            tuple(_outline(steps, unit) for steps in level["borders"]),
        )
        for level in shipped["levels"]
    ]
    return tuple(sorted(found, key=lambda level: -level.tolerance))


def level_for(frame: Frame) -> Level:
    """The coarsest level that strays at most MOST_ERROR_UNITS on this frame; else the finest."""
    units_per_degree = frame.width / (frame.east - frame.west)
    fitting = [level for level in levels() if level.tolerance * units_per_degree <= MOST_ERROR_UNITS]
    return fitting[0] if fitting else levels()[-1]


# Keyed by the whole frame, so it only saves time: an article's map is drawn once per process.
@lru_cache(maxsize=256)
def land_paths(frame: Frame) -> LandPaths:
    """The land and borders inside the frame as SVG path data; empty strings over open sea."""
    level = level_for(frame)
    land = (_ring_in_frame(outline, frame) for outline in level.land if outline.reaches_into(frame))
    borders = (
        piece
        for outline in level.borders
        if outline.reaches_into(frame)
        for piece in _clip_line(_projected(_far_runs_cut(outline.points, frame), frame), frame)
    )
    return LandPaths(_ring_path(land), _line_path(borders))


def _ring_in_frame(outline: Outline, frame: Frame) -> list[MapPoint]:
    if outline.lies_within(frame):
        return _projected(outline.points, frame)
    return _clip_ring(_projected(_far_runs_cut(outline.points, frame), frame), frame)


def _projected(points: Iterable[Point], frame: Frame) -> list[MapPoint]:
    """The points in the map's units, rounded to whole units with repeats dropped (finer is unseen)."""
    # Frame.x and Frame.y, with their factors worked out once: this is the loop a map spends on.
    across = frame.width / (frame.east - frame.west)
    down = frame.height / (frame.north - frame.south)
    west, north = frame.west, frame.north
    projected: list[MapPoint] = []
    last = None
    for lon, lat in points:
        point = (round((lon - west) * across), round((north - lat) * down))
        if point != last:
            projected.append(point)
            last = point
    return projected


def _far_runs_cut(points: Iterable[Point], frame: Frame) -> list[Point]:
    """The points with each run of them beyond one same edge of the clipped area cut to its two ends.

    What is cut could never show, and clipping gives the same shape: a run and the straight step
    that replaces it lie in the same half-plane beyond that edge, and so does all between them.
    This is what keeps a map of Nepal from projecting the whole coast of Eurasia.
    """
    left, right, top, bottom = _bounds(frame)
    west, east = frame.lon_at(left), frame.lon_at(right)
    north, south = frame.lat_at(top), frame.lat_at(bottom)
    kept: list[Point] = []
    run_sides = 0
    run_end: Point | None = None
    for point in points:
        lon, lat = point
        sides = (lon < west) | (lon > east) << 1 | (lat < south) << 2 | (lat > north) << 3
        if run_sides and sides & run_sides:
            run_sides &= sides
            run_end = point
            continue
        if run_end is not None:
            kept.append(run_end)
        kept.append(point)
        run_sides, run_end = sides, None
    if run_end is not None:
        kept.append(run_end)
    return kept


def _inside(point: MapPoint, edge: int, bound: int) -> bool:
    # Edges 0-3: left, right, top, bottom of the frame (the y axis points down).
    return (point[0] >= bound, point[0] <= bound, point[1] >= bound, point[1] <= bound)[edge]


def _crossing(start: MapPoint, end: MapPoint, edge: int, bound: int) -> MapPoint:
    axis = 0 if edge < 2 else 1
    share = (bound - start[axis]) / (end[axis] - start[axis])
    other = start[1 - axis] + share * (end[1 - axis] - start[1 - axis])
    return (bound, round(other)) if axis == 0 else (round(other), bound)


def _bounds(frame: Frame) -> tuple[int, int, int, int]:
    return (-CLIP_MARGIN, frame.width + CLIP_MARGIN, -CLIP_MARGIN, frame.height + CLIP_MARGIN)


def _clip_ring(ring: list[MapPoint], frame: Frame) -> list[MapPoint]:
    """The ring cut to the frame (Sutherland-Hodgman): any ring, holes and concave coasts included.

    Where a coast leaves and re-enters the frame the cut ring runs along the frame's edge, outside
    what is shown. A ring wholly outside comes back empty.
    """
    for edge, bound in enumerate(_bounds(frame)):
        if not ring:
            break
        clipped: list[MapPoint] = []
        previous = ring[-1]
        for point in ring:
            if _inside(point, edge, bound):
                if not _inside(previous, edge, bound):
                    clipped.append(_crossing(previous, point, edge, bound))
                clipped.append(point)
            elif _inside(previous, edge, bound):
                clipped.append(_crossing(previous, point, edge, bound))
            previous = point
        ring = clipped
    return ring


def _clip_line(line: list[MapPoint], frame: Frame) -> Iterator[list[MapPoint]]:
    """The pieces of a line inside the frame, each step clipped to it; a step wholly outside ends a piece."""
    piece: list[MapPoint] = []
    for start, end in pairwise(line):
        step = _clip_step(start, end, _bounds(frame))
        if step is None:
            if len(piece) > 1:
                yield piece
            piece = []
        elif piece and piece[-1] == step[0]:
            piece.append(step[1])
        else:
            if len(piece) > 1:
                yield piece
            piece = list(step)
    if len(piece) > 1:
        yield piece


def _clip_step(start: MapPoint, end: MapPoint, bounds: tuple[int, ...]) -> tuple[MapPoint, MapPoint] | None:
    """The part of one straight step inside the bounds (Liang-Barsky); None when it is all outside."""
    left, right, top, bottom = bounds
    dx, dy = end[0] - start[0], end[1] - start[1]
    enter, leave = 0.0, 1.0
    for towards, room in (
        (-dx, start[0] - left),
        (dx, right - start[0]),
        (-dy, start[1] - top),
        (dy, bottom - start[1]),
    ):
        if towards == 0:
            if room < 0:
                return None
            continue
        share = room / towards
        if towards < 0:
            enter = max(enter, share)
        else:
            leave = min(leave, share)
        if enter > leave:
            return None
    return (
        (round(start[0] + enter * dx), round(start[1] + enter * dy)),
        (round(start[0] + leave * dx), round(start[1] + leave * dy)),
    )


def _ring_path(rings: Iterable[list[MapPoint]]) -> str:
    """SVG path data of closed rings; a ring that would cover under one unit each way is dropped."""
    parts = []
    for ring in rings:
        xs = [x for x, _ in ring]
        ys = [y for _, y in ring]
        if len(ring) >= 3 and (max(xs) - min(xs) >= 1 or max(ys) - min(ys) >= 1):
            parts.append(_polyline(ring) + "Z")
    return "".join(parts)


def _line_path(lines: Iterable[list[MapPoint]]) -> str:
    return "".join(_polyline(line) for line in lines if len(line) >= 2)


def _polyline(points: list[MapPoint]) -> str:
    (first_x, first_y), rest = points[0], points[1:]
    return f"M{first_x} {first_y}L" + " ".join(f"{x} {y}" for x, y in rest)

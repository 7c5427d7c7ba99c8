"""The charts: SVG well-formed with one band per step, terminal text, PNG that opens."""

from __future__ import annotations

import io
import struct

import matplotlib.image
from lxml import etree

from ridec.charts.profile import BandKind, ChartUnit, ColourBy, build_profile
from ridec.charts.svg import workout_chart
from ridec.charts.terminal import terminal_chart
from ridec.model import Flag
from ridec.timeline import lower
from tests.stats.stats_builders import pct, pct_ramp, standing_workout, step, timeline, watts

SVG = "{http://www.w3.org/2000/svg}"


def _classes(element: etree._Element) -> list[str]:
    return str(element.get("class", "")).split()


def _parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def test_svg_is_well_formed_with_one_band_per_step() -> None:
    plan = lower(standing_workout())
    root = _parse(workout_chart(plan))
    assert root.tag == f"{SVG}svg"
    bands = [e for e in root.iter() if "step" in _classes(e)]
    assert len(bands) == len(plan.steps)
    assert [int(str(e.get("data-index"))) for e in bands] == list(range(len(plan.steps)))
    kinds = [next(c for c in _classes(e) if c.startswith("step-")) for e in bands]
    assert kinds.count("step-lap") == 1
    assert kinds.count("step-max") == 1
    assert kinds.count("step-free") == 1
    assert kinds.count("step-target") == len(plan.steps) - 3
    # Every band says what it is when hovered.
    assert all(e.find(f"{SVG}title") is not None for e in bands)


def test_svg_shades_flags_and_marks_cadence() -> None:
    plan = lower(standing_workout())
    root = _parse(workout_chart(plan, id_prefix="w1"))
    shades = [c for e in root.iter() for c in _classes(e) if c.startswith("shade-")]
    assert sorted(shades) == ["shade-downstroke", *["shade-standing"] * 3, "shade-upstroke"]
    pattern_ids = {str(e.get("id")) for e in root.iter(f"{SVG}pattern")}
    assert pattern_ids == {"w1-standing", "w1-upstroke", "w1-downstroke"}
    cadence = [e for e in root.iter() if "cadence" in _classes(e)]
    assert len(cadence) == sum(s.cadence is not None and bool(s.duration_s) for s in plan.steps)
    assert len([e for e in root.iter() if "ftp" in _classes(e)]) == 1
    texts = {e.text for e in root.iter(f"{SVG}text")}
    assert {"0:00", "10:00", "40:00", "50-60", "FTP", "standing"} <= texts


def test_svg_pattern_ids_are_safe() -> None:
    root = _parse(workout_chart(lower(standing_workout()), id_prefix='w 1/"x"'))
    ids = {str(e.get("id")) for e in root.iter(f"{SVG}pattern")}
    assert ids == {"w-1--x--standing", "w-1--x--upstroke", "w-1--x--downstroke"}
    fills = {str(e.get("fill")) for e in root.iter() if "shade" in _classes(e)}
    assert fills == {f"url(#{i})" for i in ids}


def test_svg_ramp_is_a_trapezoid_in_percent() -> None:
    plan = timeline(step(600, pct_ramp(50, 100)), ftp=None)
    root = _parse(workout_chart(plan, width=448, height=240))
    (band,) = [e for e in root.iter() if "step" in _classes(e)]
    points = [tuple(map(float, p.split(","))) for p in str(band.get("points")).split()]
    # x from 48 to 448 - 14 = 434; y from 240 - 44 - 14 = 182 (0 %) up to 26 (the 120 %
    # top): 156 px for 120 %, so 50 % is 65 px up and 100 % is 130 px up.
    assert points == [(48.0, 182.0), (48.0, 117.0), (434.0, 52.0), (434.0, 182.0)]


def test_svg_escapes_text() -> None:
    plan = timeline(step(60, pct(50), label='Push <hard> & "fast"'))
    root = _parse(workout_chart(plan, title="A & B"))
    assert root.find(f"{SVG}title") is not None
    assert root.findtext(f"{SVG}title") == "A & B"
    (band,) = [e for e in root.iter() if "step" in _classes(e)]
    assert band.findtext(f"{SVG}title") == 'Push <hard> & "fast", 1m 50 % FTP'


def test_svg_draws_the_ridden_line() -> None:
    plan = timeline(step(120, pct(80)), ftp=200)
    root = _parse(workout_chart(plan, ridden=[[(0, 70), (60, 80)], [(90, 90), (119, 85)]]))
    paths = [e for e in root.iter(f"{SVG}path") if "ridden" in _classes(e)]
    assert len(paths) == 2
    assert str(paths[0].get("d")).startswith("M48 ")


def test_profile_units_and_colours() -> None:
    in_watts = build_profile(timeline(step(60, watts(300))))
    assert in_watts.unit is ChartUnit.WATTS
    assert in_watts.top == 350.0
    assert in_watts.ftp_line is None
    zoned = build_profile(timeline(step(60, pct(50)), step(60, pct(95))), ColourBy.ZONE)
    assert [b.colour for b in zoned.bands] == ["#8c8c8c", "#f2c12e"]
    kinds = [b.kind for b in build_profile(lower(standing_workout())).bands]
    # warm-up, 3 x (standing, recovery), upstroke, downstroke, cool-down
    assert kinds.count(BandKind.TARGET) == 10


def test_terminal_chart_shows_shading_cadence_and_time() -> None:
    text = terminal_chart(lower(standing_workout()), width=86, height=8).plain
    lines = text.split("\n")
    # 8 bar rows, the axis, cadence, time, and the legend wrapped on two lines
    assert len(lines) == 8 + 5
    assert all(len(line) <= 86 for line in lines)
    assert lines[0].startswith(" 120%┤")
    assert any(line.startswith("  FTP┤") for line in lines)
    bars = "\n".join(lines[:8])
    assert "░" in bars  # standing
    assert "▴" in bars  # upstroke
    assert "▾" in bars  # downstroke
    assert "▒" in bars  # free ride
    assert "┬" in lines[8]  # the lap-button step
    assert lines[9].startswith("  rpm")
    assert "90" in lines[9] and "60-70" in lines[9]
    assert "0:00" in lines[10] and "40:00" in lines[10]
    assert lines[11].startswith("░ standing  ▴ upstroke  ▾ downstroke")
    assert lines[11].endswith("█ max effort  ┬ lap button")
    assert lines[12] == "power in % FTP"


def test_terminal_chart_without_flags_or_cadence() -> None:
    text = terminal_chart(timeline(step(1200, pct(100), flags=(Flag.SEATED,))), height=4).plain
    lines = text.split("\n")
    assert len(lines) == 4 + 3
    assert "░" not in text
    assert lines[0].startswith(" 120%┤")
    assert lines[-1] == "power in % FTP"


def test_png_opens_with_the_asked_size() -> None:
    from ridec.charts.png import workout_png

    data = workout_png(lower(standing_workout()), width_px=800, height_px=250)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (800, 250)
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert image.shape[:2] == (250, 800)
    again = workout_png(lower(standing_workout()), width_px=800, height_px=250)
    assert again == data

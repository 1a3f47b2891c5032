"""A guided story as slides: one PNG per step, its map framed on the step's places beside its title, text and
sources, and an animated GIF of them (map_app.cli `story`, and the app's story panel)."""

import base64
import math

from geodata.layer import Layer
from geodata.story import Step, Story, step_sources
from map_app.snapshot import IMAGES_READY_JS, Renderer, Snapshot, render_png
from map_app.text import esc
from map_app.view import View

SLIDE_SIZE = (1600, 1000)
MAP_WIDTH = 1050  # the rest of the slide holds the text
MAX_ZOOM = 7

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title><style>
body {{ margin: 0; display: flex; font: 16px sans-serif; color: #222; background: #fff; }}
img {{ width: {map_width}px; height: {height}px; display: block; }}
.text {{ padding: 28px 30px; overflow: hidden; }}
.story {{ color: #8b0000; font-size: 14px; letter-spacing: 1px; text-transform: uppercase; }}
h1 {{ font-size: 28px; margin: 8px 0 14px; }} p {{ line-height: 1.45; }}
.sources {{ font-size: 12px; color: #555; }} .sources li {{ margin-bottom: 3px; }}
</style></head><body>
<img alt="{step_title}" src="data:image/png;base64,{map}">
<div class="text"><div class="story">{story_title} · step {number} of {count}</div>
<h1>{step_title}</h1><p>{text}</p>
<div class="sources">Sources:<ol>{sources}</ol></div></div>
</body></html>
"""


def frame_of(layer: Layer, step: Step, width: int, height: int) -> tuple[float, float, int] | None:
    """Centre and zoom that hold the step's places on a map of width x height pixels; None: fit the filters."""
    if not step.places:
        return None
    points = [layer.features.loc[fid] for fid in step.places]
    lats, lons = [p["lat"] for p in points], [p["lon"] for p in points]
    lat_span, lon_span = max(max(lats) - min(lats), 0.5) * 1.6, max(max(lons) - min(lons), 0.5) * 1.6
    zoom = min(math.log2(width / 256 * 360 / lon_span), math.log2(height / 256 * 170 / lat_span), MAX_ZOOM)
    return (sum(lats) / len(lats), sum(lons) / len(lons), max(2, int(zoom)))


def step_view(layer: Layer, step: Step, width: int, height: int) -> View:
    return View(date=step.date, period=step.period, kind=step.kind, type=step.type, country=step.country,
                frame=frame_of(layer, step, width, height))


def slide_page(map_png: bytes, story: Story, number: int, layer: Layer) -> str:
    step = story.steps[number - 1]
    sources = "".join(f"<li>{esc(s.title)} <span>{esc(s.url)}</span></li>" for s in step_sources(step, layer))
    return PAGE.format(title=esc(f"{story.title} · {step.title}"), map_width=MAP_WIDTH, height=SLIDE_SIZE[1],
                       step_title=esc(step.title), map=base64.b64encode(map_png).decode(),
                       story_title=esc(story.title), number=number, count=len(story.steps), text=esc(step.text),
                       sources=sources)


def render_slide(renderer: Renderer, layer: Layer, story: Story, number: int) -> bytes:
    view = step_view(layer, story.steps[number - 1], MAP_WIDTH, SLIDE_SIZE[1])
    map_png = render_png(renderer, layer, Snapshot(view, MAP_WIDTH, SLIDE_SIZE[1]))
    return renderer.png(slide_page(map_png, story, number, layer), *SLIDE_SIZE, ready=IMAGES_READY_JS)


def render_slides(renderer: Renderer, layer: Layer, story: Story) -> list[bytes]:
    return [render_slide(renderer, layer, story, number) for number in range(1, len(story.steps) + 1)]

"""Thaw Atlas: the Streamlit app. Kept thin: everything that can be a pure function lives in map_app.*."""

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path
from urllib.parse import quote

import streamlit as st
from streamlit_folium import st_folium

from geodata import load_layer
from geodata.bibliography import BIBLIOGRAPHY_FORMATS, bibliography
from geodata.errors import LayerError, LoadError
from geodata.export import export
from geodata.layer import combine
from geodata.release import data_version
from geodata.schema import FEATURE_TYPES, KINDS
from geodata.search import search
from geodata.story import StoryError, available, parse_story, read_story, step_sources
from geodata.timeline import state_on
from map_app import cite, compare, mapview, published, tables
from map_app.cli import STORY_FRAME_MS, STORY_GIF, gif_bytes, gif_frame
from map_app.slides import render_slides
from map_app.snapshot import SIZES, Snapshot, SnapshotError, render_png, shared_renderer, standalone_html
from map_app.text import plain
from map_app.upload import ACCEPTED, read_upload
from map_app.view import (
    BASEMAP_NAMES,
    DEFAULTS,
    EARLIEST,
    LABEL_LANGUAGES,
    LATEST,
    from_query,
    from_session,
    to_query,
    to_session,
)

st.set_page_config(page_title="Thaw Atlas", layout="wide")
DATA = os.environ.get("THAW_ATLAS_DATA")  # another layer file to start with (benchmarks, research copies)
SOURCES = {"ours": "Thaw Atlas layer", "yours": "Your file", "both": "Both"}
OWN_STORY = "yours"  # the story choice of a file the user uploaded
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # kept as they are in a source's address; spaces and <> are escaped
SEARCH_SHOWN = 20  # matches listed before "show all"
DATE_LABEL, PERIOD_LABEL = "Map date", "Events between"  # the map follows the sliders of these labels
BIB_FORMATS = {"csl": ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
               "bibtex": ("BibTeX", "application/x-bibtex"), "ris": ("RIS", "application/x-research-info-systems")}
DATA_FORMATS = {"geojson": ("geojson", "application/geo+json"), "csv": ("csv", "text/csv"),
                "lpf": ("lpf.json", "application/ld+json"), "lptsv": ("lp.tsv", "text/tab-separated-values"),
                "gpkg": ("gpkg", "application/geopackage+sqlite3"),
                "geoparquet": ("parquet", "application/vnd.apache.parquet")}


@st.cache_resource
def bundled_layer(path):
    """The server's layer (the bundled one, or the operator's file), loaded once per server and path."""
    return load_layer(path) if path else load_layer()


@st.cache_resource
def renderer():
    """One headless Chromium for the whole server process, started with the first page and warmed by a small
    render in the background, so that the first PNG does not wait for a browser to launch; closed at exit."""
    layer, small = bundled_layer(DATA), Snapshot(DEFAULTS, 400, 250)
    return shared_renderer().warm(lambda r: render_png(r, layer, small))  # unless map_app.serve warmed it


def layer_problem(exc: LayerError) -> str:
    """What is wrong with the server's layer, naming files by their names only (the page is public)."""
    if isinstance(exc, LoadError):
        return f"{Path(exc.path).name}: {exc.message}"
    return "\n".join(str(p).replace(p.path, Path(p.path).name) for p in getattr(exc, "problems", ())[:50]) or str(exc)


def no_such_place(place: str) -> str:
    return f"No place has the id {place[:60]} in this layer; none is selected."


def restore_state_once(layer):
    """On a new session, put the URL's state into the widgets."""
    if "restored" in st.session_state:
        return
    view, notices = from_query(st.query_params.to_dict())
    if view.story and view.story not in available():  # a file the user loaded lives in its session only
        notices.append(f"No guided story has the name {view.story[:40]!r}; the map opens without one.")
        view = dataclasses.replace(view, story=None, step=1)
    if view.place and view.place not in layer.features.index:
        notices.append(no_such_place(view.place))
        view = dataclasses.replace(view, place=None)
    st.session_state.update(restored=True, notices=notices, shown_place=None, **to_session(view))


def user_upload():
    """The user's file, parsed once per content and kept in this session only."""
    uploaded = st.file_uploader("Lay your own file over the map", type=list(ACCEPTED), key="upload",
                                help="GeoJSON in the Thaw Atlas format, CSV (one row per name) or Linked Places JSON")
    if uploaded is None:
        return None
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get("upload_digest") != digest:  # a new file: read it, start unticked, show it
        st.session_state.upload_digest = digest
        st.session_state.upload_result = read_upload(data, uploaded.name)
        st.session_state.keep_valid = False
        result = st.session_state.upload_result
        if not result.error and not result.problems:
            st.session_state.source = "yours"
    return st.session_state.upload_result


def show_upload_problems(upload) -> bool:
    """List what is wrong with the user's file; True when its valid features may be shown."""
    if upload.error:
        st.error("This file could not be read as a layer.")
        st.code(upload.error, language=None)
        return False
    if not upload.problems:
        if upload.usable:
            st.success(f"Read {len(upload.layer)} features from {plain(upload.name)}, no problems found; "
                       "the map shows them.")
        return upload.usable
    st.error(f"{len(upload.problems)} problem(s) in {plain(upload.name)}; nothing was changed.")
    st.code("\n".join(upload.problems[:500]), language=None)
    if not upload.usable:
        return False
    return st.checkbox(f"Show the {len(upload.layer)} valid features anyway", key="keep_valid")


def active_layer(ours, upload, usable):
    if not usable:
        return ours
    choice = st.radio("Show", list(SOURCES), format_func=SOURCES.get, key="source", horizontal=True)
    if choice == "yours":
        return upload.layer
    if choice == "both":
        if st.session_state.get("both_of") != st.session_state.upload_digest:  # built once per uploaded file
            st.session_state.both = combine(ours, upload.layer)
            st.session_state.both_of = st.session_state.upload_digest
        layer, replaced = st.session_state.both
        if replaced:
            st.info(f"{len(replaced)} features of your file replace ours with the same id.")
            with st.expander("What differs"):
                st.dataframe([{"id": fid, "differs in": ", ".join(names) or "nothing"}
                              for fid, names in replaced.items()], hide_index=True)
        return layer
    return ours


def search_box(layer):
    query = st.text_input("Find a place by any name it ever had", key="query", placeholder="Stalinabad, Сталинград …")
    if not query:
        return
    found = search(layer, query, limit=len(layer))
    if not found:
        st.info("No place has ever borne that name here.")
        return
    if len(found) > SEARCH_SHOWN and not st.checkbox(f"{SEARCH_SHOWN} of {len(found)} shown: show all",
                                                     key="all_matches"):
        found = found[:SEARCH_SHOWN]
    labels = {fid: plain(tables.search_label(layer.place(fid))) for fid in found}
    choice = st.radio("Matches", found, format_func=labels.get, key="match")
    if st.button("Show on map", key="show_on_map"):
        st.session_state.place = choice


def made_for(view, key):
    """An export made earlier, if it was made for this view; one made for another view is dropped, so a file
    never downloads under a date it does not show."""
    made = st.session_state.get(key)
    if made and made[0] == view:
        return made[1]
    st.session_state.pop(key, None)
    return None


def export_panel(layer, view):
    """Downloads of what the user sees: PNG and standalone HTML of the map, the filtered data."""
    renderer()
    with st.expander("Export"):
        size = st.selectbox("PNG size", list(SIZES), key="png_size")
        if st.button("Render PNG"):
            width, height = SIZES[size]
            with st.spinner("Rendering the map in headless Chromium …"):
                try:
                    st.session_state.png = (view, render_png(renderer(), layer, Snapshot(view, width, height)))
                except SnapshotError as exc:
                    st.error("The PNG could not be rendered.")
                    st.code(str(exc), language=None)
        png = made_for(view, "png")
        if png:
            st.download_button("Download PNG", png, f"thaw-atlas-{view.date}.png", "image/png")
        if st.button("Prepare standalone HTML", key="prepare_html"):
            st.session_state.html = (view, standalone_html(layer, view))
        html = made_for(view, "html")
        if html:
            st.download_button("Download HTML", html, f"thaw-atlas-{view.date}.html", "text/html")
        fmt = st.selectbox("Data format", list(DATA_FORMATS), key="data_format", format_func=str.upper)
        if st.button("Prepare the filtered data", key="prepare_data"):  # made on request: large layers take time
            st.session_state.data = (view, (fmt, export(layer, fmt, mapview.visible_mask(layer, view), view.date)))
        data = made_for(view, "data")
        if data:
            fmt, text = data
            suffix, mime = DATA_FORMATS[fmt]
            st.download_button(f"Download {fmt.upper()}", text, f"thaw-atlas-{view.date}.{suffix}", mime)


def cite_panel(layer, view, version):
    """A citation of this view in three styles, and the sources of every place on the map as a bibliography."""
    with st.expander("Cite this view"):
        accessed = dt.date.today()
        url = cite.view_url(st.context.url or "", view)
        for style, text in cite.citations(view, url, accessed, version).items():
            st.caption(style)
            st.code(text, language=None, wrap_lines=True)
        fmt = st.selectbox("Sources of the places on the map", list(BIB_FORMATS), key="bib_format",
                           format_func=lambda f: BIB_FORMATS[f][0])
        if st.button("Prepare the sources", key="prepare_bib"):
            on_map = mapview.visible_mask(layer, view) & state_on(layer, view.date)["exists"].to_numpy(dtype=bool)
            st.session_state.bib = (view, (fmt, bibliography(layer, fmt, on_map, accessed)))
        made = made_for(view, "bib")
        if made:
            fmt, text = made
            label, mime = BIB_FORMATS[fmt]
            st.download_button(f"Download {label}", text,
                               f"thaw-atlas-sources-{view.date}.{BIBLIOGRAPHY_FORMATS[fmt]}", mime)


def follow_the_map(layer, view, seen):
    """Keep what the user did on the map: its zoom and centre, and the place clicked (both go to the URL)."""
    if not seen:
        return
    if seen.get("zoom") and seen.get("center"):
        center = seen["center"]
        st.session_state.frame = (round(center["lat"], 4), round(center["lng"], 4), int(seen["zoom"]))
    clicked = seen.get("last_object_clicked")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state.last_click = clicked
        place = mapview.place_at(layer, view, clicked["lat"], clicked["lng"])
        if place:
            st.session_state.place = st.session_state.shown_place = place


@st.cache_data
def story_title(name: str) -> str:
    return json.loads(available()[name].read_text(encoding="utf-8"))["title"]


def story_choice(name) -> str:
    if name is None:
        return "none: explore freely"
    if name == OWN_STORY:
        return f"your file: {st.session_state.own_story[0]}"
    return story_title(name)


def own_story_upload(layer):
    """A story file of the user's own, checked like a layer against the layer shown, kept in this session."""
    uploaded = st.file_uploader("Or tell a story file of your own", type=["json"], key="story_upload",
                                help="JSON in the shape of geodata/data/stories/destalinization.json")
    problems = []
    if uploaded is not None:
        try:
            parse_story(uploaded.getvalue(), uploaded.name, layer)
        except StoryError as exc:
            problems = exc.problems
            st.error(f"{len(problems)} problem(s) in {plain(uploaded.name)}; the story cannot be told.")
            st.code("\n".join(problems[:200]), language=None)
    if uploaded is None or problems:
        st.session_state.pop("own_story", None)
        if st.session_state.get("story") == OWN_STORY:
            st.session_state.story = None
        return
    data = uploaded.getvalue()
    if st.session_state.get("own_story") != (uploaded.name, data):  # a new file: tell it from its first step
        st.session_state.own_story = (uploaded.name, data)
        st.session_state.story, st.session_state.step = OWN_STORY, 1
        st.rerun()


def start_story():
    st.session_state.step = 1


def go_to_step(step: int | None):
    """Buttons' callback: another step, or (None) leave the story and keep the map as it is."""
    if step is None:
        st.session_state.story = None
        st.session_state.highlight = ()
    else:
        st.session_state.step = step


def current_story(layer):
    """The story chosen, read against `layer`, and its step number (clamped); None when there is none or it
    cannot be told on that layer (the panel says why)."""
    name = st.session_state.get("story")
    if not name:
        return None
    try:
        if name == OWN_STORY:
            story = parse_story(st.session_state.own_story[1], st.session_state.own_story[0], layer)
        else:
            story = read_story(available()[name], layer)
    except (AttributeError, KeyError, StoryError):  # no such story (any more), or not on this layer
        return None
    return story, min(max(st.session_state.step, 1), len(story.steps))


def arrive_at_step(layer):
    """A step sets the map (date, period, filters, its places outlined) once, when it is reached, before the
    widgets are drawn; the user may move on from there."""
    found = current_story(layer)
    if found is None:
        st.session_state.highlight = ()
        return
    story, number = found
    if st.session_state.get("story_at") != (story.name, number):
        step = story.steps[number - 1]
        st.session_state.update(story_at=(story.name, number), step=number, date=step.date, period=step.period,
                                kind=list(step.kind), type=list(step.type), country=list(step.country),
                                place=None, highlight=step.places)


def story_panel(layer):
    """The story's current step above the map: its text and sources, back, next, and a way out. The URL holds
    the story and the step."""
    if not st.session_state.get("story"):
        return
    found = current_story(layer)
    if found is None:
        st.error(plain(f"The story {st.session_state.story!r} cannot be told on the layer shown."))
        return
    story, number = found
    step = story.steps[number - 1]
    st.progress(number / len(story.steps), text=f"{plain(story.title)} · step {number} of {len(story.steps)}")
    st.subheader(plain(step.title))
    st.write(plain(step.text))
    links = [f"[{plain(s.title)}](<{quote(s.url, safe=URL_SAFE)}>)" for s in step_sources(step, layer)]
    st.caption("Sources: " + " · ".join(links))
    back, forward, leave = st.columns(3)
    back.button("← Back", on_click=go_to_step, args=(number - 1,), disabled=number == 1, key="story_back")
    forward.button("Next →", on_click=go_to_step, args=(number + 1,), disabled=number == len(story.steps),
                   key="story_next")
    leave.button("Explore freely from here", on_click=go_to_step, args=(None,), key="story_leave")
    if st.button("Make slides of the story (PNGs and a GIF, in a ZIP)", key="story_slides"):
        with st.spinner(f"Rendering {len(story.steps)} slides in headless Chromium …"):
            try:
                st.session_state.slides = (story.name, slides_zip(layer, story))
            except SnapshotError as exc:
                st.error("The slides could not be rendered.")
                st.code(str(exc), language=None)
    made = st.session_state.get("slides")
    if made and made[0] == story.name:
        st.download_button("Download the slides", made[1], f"thaw-atlas-{story.name}-slides.zip", "application/zip")


def slides_zip(layer, story) -> bytes:
    """Every step's slide as a PNG and the story as a GIF, in one ZIP."""
    pngs = render_slides(shared_renderer(), layer, story)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PNG and GIF are compressed already
        for number, png in enumerate(pngs, start=1):
            archive.writestr(f"step-{number:02d}.png", png)
        archive.writestr(STORY_GIF, gif_bytes([gif_frame(png) for png in pngs], STORY_FRAME_MS))
    return out.getvalue()


@st.fragment
def map_and_places(layer):
    """The map date, the map, the events window and the table of what is on the map. A date move reruns only
    this part; the events below follow the period, so a new period reruns the whole page."""
    st.slider(DATE_LABEL, min_value=EARLIEST, max_value=LATEST, key="date", format="D MMM YYYY",
              step=dt.timedelta(days=1),
              help="The day the map shows. The map's own panel scrubs, plays and searches without a round trip.")
    view = from_session(st.session_state)
    new_place = view.place != st.session_state.shown_place  # open a popup once, not on every rerun
    st.session_state.shown_place = view.place
    highlight = st.session_state.get("highlight", ())
    group = mapview.view_group(view, selected=new_place, highlight=highlight)
    if view.compare:
        first, second = st.columns(2)
        first.caption(f"**{view.date:%-d %B %Y}**")
        second.caption(f"**{view.compare:%-d %B %Y}** (compared; the two maps pan and zoom together)")
        with first:
            seen = st_folium(map_of(layer, view), feature_group_to_add=group,
                             returned_objects=["zoom", "center", "last_object_clicked"], height=560,
                             use_container_width=True, key="map")
        with second:
            st_folium(map_of(layer, view, slider=False),
                      feature_group_to_add=mapview.view_group(dataclasses.replace(view, date=view.compare), False),
                      returned_objects=[], height=560, use_container_width=True, key="map_compared")
    else:
        seen = st_folium(map_of(layer, view), feature_group_to_add=group,
                         returned_objects=["zoom", "center", "last_object_clicked"], height=620,
                         use_container_width=True, key="map")
    follow_the_map(layer, view, seen)
    st.slider(PERIOD_LABEL, min_value=EARLIEST, max_value=LATEST, key="period",
              format="D MMM YYYY",
              help="Places with a renaming, an unveiling or a removal in this period get an orange ring.")
    if st.session_state.period != st.session_state.period_shown:
        st.rerun(scope="app")
    view = from_session(st.session_state)
    st.query_params.from_dict(to_query(view))
    if st.session_state.map_alone:
        if not st.session_state.in_page_run and seen and seen.get("drawn"):  # the map has drawn its places
            st.rerun(scope="app")                                             # (atlas.js): now the rest
        return
    if view.compare:
        changes_between(layer, view)
    places_table(layer, view)
    export_panel(layer, view)
    cite_panel(layer, view, data_version() if layer is bundled_layer(DATA) else "the user's own file")


def map_of(layer, view, slider=True):
    """The map without its day (map_app.mapview.base_map); `slider`: it follows the page's date slider (the
    compared map keeps its own day)."""
    return mapview.base_map(layer, dataclasses.replace(view, frame=st.session_state.first_frame),
                            controls=(EARLIEST, LATEST),
                            # an upload stays in its page; only the server's layer is published
                            publish=published.publish if layer is bundled_layer(DATA) else None,
                            sliders=(DATE_LABEL, PERIOD_LABEL) if slider else None, sync=bool(view.compare))


def changes_between(layer, view):
    first, second = sorted((view.date, view.compare))
    earlier, later = dataclasses.replace(view, date=first), dataclasses.replace(view, date=second)
    listed = compare.changes(layer, earlier, later)
    st.subheader(f"{len(listed)} changes after {first:%-d %b %Y} up to {second:%-d %b %Y}")
    st.dataframe(listed, hide_index=True, width="stretch", key="compare_changes")


def places_table(layer, view):
    st.subheader("Places on the map")
    places = tables.features_table(layer, view)
    picked = st.dataframe(places, hide_index=True, width="stretch", key="places_table",
                          column_config={"id": None}, on_select="rerun", selection_mode="single-row")
    if picked and picked.selection.rows:  # a click on a row selects the place on the map
        chosen = places["id"].iloc[picked.selection.rows[0]]
        if chosen != st.session_state.place:
            st.session_state.place = chosen
            st.rerun(scope="fragment")


def page():
    """The page, top to bottom. Its layers are locals here, not names of the script: the script's globals
    outlive its run (the cached functions defined in it hold them), and with them a user's upload of
    some hundreds of MB outlived its session."""
    try:
        ours = bundled_layer(DATA)
    except LayerError as exc:  # a missing or broken layer file: say so, without the server's paths
        st.error("The map's layer could not be loaded, so there is no map to show. The operator can check the "
                 "layer file (`python -m geodata validate`).")
        st.code(layer_problem(exc), language=None)
        st.stop()
    restore_state_once(ours)
    if "first_frame" not in st.session_state:  # the map keeps the frame it opened with; later ones go to the URL
        st.session_state.first_frame = st.session_state.frame
    arrive_at_step(ours)  # before the widgets it sets are drawn
    # A session's first run draws the sidebar and the map alone: the tables, the chart and the panels below
    # would make the browser wait for their modules before it makes the map's frame (3.3 s to the first map
    # instead of 2.1 s). The map's word that it has drawn its places, a fragment rerun, asks for the rest.
    st.session_state.map_alone = "map_alone" not in st.session_state
    for notice in st.session_state.get("notices", []):  # until the whole page is drawn: the URL is rewritten
        st.warning(plain(notice))                        # with good values below
    if not st.session_state.map_alone:
        st.session_state.notices = []

    with st.sidebar:
        st.title("Thaw Atlas")
        st.caption("Stalin's name on the map, 1925 to today: places renamed, monuments removed, each dated and "
                   "sourced.")
        upload = user_upload()
        usable = show_upload_problems(upload) if upload else False
        layer = active_layer(ours, upload, usable)
        if st.session_state.place and st.session_state.place not in layer.features.index:
            st.warning(plain(no_such_place(st.session_state.place)))  # the layer shown changed
            st.session_state.place = None
        st.date_input("Compare with another day", key="compare", min_value=EARLIEST, max_value=LATEST,
                      format="YYYY-MM-DD", help="Two maps side by side, panning and zooming together, and the changes "
                                                "between the two days; clear the box to go back to one map")
        own_story_upload(layer)
        choices = [None, *available(), *([OWN_STORY] if st.session_state.get("own_story") else [])]
        st.selectbox("Guided story", choices, key="story", on_change=start_story, format_func=story_choice,
                     help="A sequence of steps through de-Stalinization; each sets the date, the filters and the "
                          "places")
        search_box(layer)
        st.multiselect("Kind", KINDS, key="kind", format_func=lambda k: mapview.KIND_LABELS[k])
        st.multiselect("Feature type", FEATURE_TYPES, key="type")
        countries = sorted(layer.features["country"].unique().tolist())
        st.session_state.country = [c for c in st.session_state.country if c in countries]
        st.multiselect("Country (today)", countries, key="country")
        st.radio("Labels", list(LABEL_LANGUAGES), key="label", horizontal=True, format_func=LABEL_LANGUAGES.get,
                 help="Names in Latin letters, in their own script, or English names for monuments and sites")
        st.radio("Basemap", BASEMAP_NAMES, key="basemap", horizontal=True,
                 help="offline: the states of the map date, bundled; carto: terrain tiles without place names, "
                      "needs a network connection")
        if st.session_state.place and st.button("Clear selection"):
            st.session_state.place = None

    story_panel(layer)
    st.session_state.period_shown = st.session_state.period
    st.session_state.in_page_run = True
    map_and_places(layer)
    st.session_state.in_page_run = False
    if st.session_state.map_alone:
        return
    view = from_session(st.session_state)
    events = tables.period_events(layer, view)
    a, b = view.period
    st.subheader(f"{len(events)} events between {a:%-d %b %Y} and {b:%-d %b %Y}")
    st.altair_chart(tables.events_chart(tables.yearly_counts(layer, view)), width="stretch")
    st.dataframe(events, hide_index=True, width="stretch")


page()

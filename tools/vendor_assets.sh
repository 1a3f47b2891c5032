#!/usr/bin/env bash
# Reproduce map_app/static/vendor/: the JS/CSS that folium 0.20.0 maps load, taken from npm
# instead of CDNs so that the app and its exported HTML work offline.
#
# Usage (from anywhere; needs node + npm with access to the npm registry):
#     bash tools/vendor_assets.sh            # scratch dir: a fresh temp dir, removed at the end
#     WORK=/tmp/vendor-npm bash tools/vendor_assets.sh   # keep/reuse the npm scratch dir
#
# It replaces only the package folders listed below inside map_app/static/vendor/ and leaves
# MANIFEST.md (hand-written: versions, licenses, folium URL -> local file) alone.
# Skipped on purpose (see MANIFEST.md): bootstrap 5.2.2, @fortawesome/fontawesome-free 6.2.0,
# bootstrap 3 glyphicons: large, and not needed for a Leaflet map to render.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/map_app/static/vendor"

LEAFLET=leaflet@1.9.4
MARKERCLUSTER=leaflet.markercluster@1.5.3
JQUERY=jquery@3.7.1
FULLSCREEN=leaflet.fullscreen@3.0.0        # the version folium.plugins.Fullscreen links
AWESOME=leaflet.awesome-markers@2.0.5      # folium links 2.0.2 from cdnjs; npm has 2.0.0/2.0.4/2.0.5

if [[ -z "${WORK:-}" ]]; then
    WORK="$(mktemp -d /tmp/thaw-vendor.XXXXXX)"
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
cd "$WORK"
[[ -f package.json ]] || echo '{"name": "thaw-atlas-vendor", "private": true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --no-save \
    "$LEAFLET" "$MARKERCLUSTER" "$JQUERY" "$FULLSCREEN" "$AWESOME"
NM="$WORK/node_modules"

for pkg in leaflet leaflet.markercluster jquery leaflet.fullscreen leaflet.awesome-markers folium; do
    rm -rf "${DEST:?}/$pkg"
    mkdir -p "$DEST/$pkg"
done

# leaflet: minified JS, CSS, the marker/layers images the CSS and L.Icon.Default need (images/
# must stay beside leaflet.css: Leaflet finds its default icon path through that CSS).
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$NM/leaflet/LICENSE" "$DEST/leaflet/"
mkdir -p "$DEST/leaflet/images"
cp "$NM"/leaflet/dist/images/*.png "$DEST/leaflet/images/"

# leaflet.markercluster
cp "$NM/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.css" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$NM/leaflet.markercluster/MIT-LICENCE.txt" "$DEST/leaflet.markercluster/"

# jquery
cp "$NM/jquery/dist/jquery.min.js" "$NM/jquery/LICENSE.txt" "$DEST/jquery/"

# leaflet.fullscreen 3.0.0 ships no .min.js on npm (the CDN's Control.FullScreen.min.js is
# minified on the fly by the CDN): vendor the 8 kB source file; the CSS needs the SVG icon.
cp "$NM/leaflet.fullscreen/Control.FullScreen.js" "$NM/leaflet.fullscreen/Control.FullScreen.css" \
   "$NM/leaflet.fullscreen/icon-fullscreen.svg" "$NM/leaflet.fullscreen/LICENSE" "$DEST/leaflet.fullscreen/"

# leaflet.awesome-markers (only what folium.Icon uses; its glyphs still need Font Awesome or
# glyphicons, which are not vendored)
cp "$NM/leaflet.awesome-markers/dist/leaflet.awesome-markers.min.js" \
   "$NM/leaflet.awesome-markers/dist/leaflet.awesome-markers.css" \
   "$NM/leaflet.awesome-markers/LICENSE" "$DEST/leaflet.awesome-markers/"
mkdir -p "$DEST/leaflet.awesome-markers/images"
for img in markers-soft.png markers-soft@2x.png markers-shadow.png markers-shadow@2x.png; do
    cp "$NM/leaflet.awesome-markers/dist/images/$img" "$DEST/leaflet.awesome-markers/images/"
done

# folium's leaflet.awesome.rotate.min.css is not on npm (folium links it from its GitHub repo,
# and the wheel does not contain it). It is just .fa-rotate-1 ... .fa-rotate-360 rules, used by
# folium.Icon(angle=...): generate the same rules here; folium's MIT license (text as in the
# folium 0.20.0 wheel's LICENSE.txt) goes beside it.
{
    printf '/* .fa-rotate-N classes as in folium/templates/leaflet.awesome.rotate.css (folium, MIT) */\n'
    for deg in $(seq 1 360); do
        printf '.fa-rotate-%d{-ms-transform:rotate(%ddeg);-webkit-transform:rotate(%ddeg);transform:rotate(%ddeg)}\n' \
            "$deg" "$deg" "$deg" "$deg"
    done
} > "$DEST/folium/leaflet.awesome.rotate.min.css"
cat > "$DEST/folium/LICENSE.txt" <<'EOF'
Copyright (C) 2013-, Folium developers
See https://github.com/python-visualization/folium/graphs/contributors for a
full list of contributors.

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

echo "vendored into $DEST:"
(cd "$DEST" && find . -type f ! -name MANIFEST.md | sort | xargs ls -l | awk '{printf "%9d  %s\n", $5, $9}')

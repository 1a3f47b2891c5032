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
# bootstrap 3 glyphicons, jQuery, Leaflet.awesome-markers and folium's rotate CSS: our maps use
# none of them (no folium.Popup, no folium.Icon), so none is served.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/map_app/static/vendor"

LEAFLET=leaflet@1.9.4
MARKERCLUSTER=leaflet.markercluster@1.5.3
FULLSCREEN=leaflet.fullscreen@3.0.0        # the version folium.plugins.Fullscreen links

if [[ -z "${WORK:-}" ]]; then
    WORK="$(mktemp -d /tmp/thaw-vendor.XXXXXX)"
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
cd "$WORK"
[[ -f package.json ]] || echo '{"name": "thaw-atlas-vendor", "private": true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --no-save \
    "$LEAFLET" "$MARKERCLUSTER" "$FULLSCREEN"
NM="$WORK/node_modules"

for pkg in leaflet leaflet.markercluster leaflet.fullscreen; do
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

# leaflet.fullscreen 3.0.0 ships no .min.js on npm (the CDN's Control.FullScreen.min.js is
# minified on the fly by the CDN): vendor the 8 kB source file; the CSS needs the SVG icon.
cp "$NM/leaflet.fullscreen/Control.FullScreen.js" "$NM/leaflet.fullscreen/Control.FullScreen.css" \
   "$NM/leaflet.fullscreen/icon-fullscreen.svg" "$NM/leaflet.fullscreen/LICENSE" "$DEST/leaflet.fullscreen/"

echo "vendored into $DEST:"
(cd "$DEST" && find . -type f ! -name MANIFEST.md | sort | xargs ls -l | awk '{printf "%9d  %s\n", $5, $9}')

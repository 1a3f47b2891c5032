from map_app import assets

PAGE = ('<html><head><script src="/app/static/thaw/time.js"></script>'
        '<link rel="stylesheet" href="/app/static/vendor/leaflet/leaflet.css"/></head>'
        '<body><div id="map"></div><script>var data = {"name": "Сталинград"};</script></body></html>')


def test_a_standalone_page_carries_its_scripts_and_styles_and_its_body_as_it_was():
    page = assets.inline(PAGE)
    assert assets.SERVED_PREFIX not in page
    assert "ThawTime" in page and ".leaflet-container" in page
    assert page.endswith(PAGE[PAGE.index("</head>"):])


def test_a_reference_in_the_body_is_inlined_too():
    page = assets.inline(PAGE.replace("<div id=\"map\"></div>", '<script src="/app/static/thaw/atlas.js"></script>'))
    assert assets.SERVED_PREFIX not in page and "ThawAtlas" in page

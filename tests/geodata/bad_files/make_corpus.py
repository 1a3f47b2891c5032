"""Writes the bad-file corpus (run from this folder): each file breaks one rule; EXPECTED in test_bad_files.py says what must be reported."""
import copy
import json
import pathlib

here = pathlib.Path(".")
good = {
    "type": "Feature", "id": "sample-town",
    "geometry": {"type": "Point", "coordinates": [44.5153, 48.7082]},
    "properties": {
        "id": "sample-town", "kind": "renamed_place", "feature_type": "city", "country": "RU",
        "description": "A test town on the Volga.",
        "names": [
            {"name": "Царицын", "latin": "Tsaritsyn", "lang": "ru", "stalin": False, "state": "Russian Empire", "start": None},
            {"name": "Сталинград", "latin": "Stalingrad", "lang": "ru", "stalin": True, "state": "USSR",
             "start": {"date": "1925-04-10", "sources": ["s1"]}},
            {"name": "Волгоград", "latin": "Volgograd", "lang": "ru", "stalin": False, "state": "USSR",
             "start": {"date": "1961-11-10", "sources": ["s1"]}},
        ],
        "sources": [{"id": "s1", "title": "Volgograd", "url": "https://en.wikipedia.org/wiki/Volgograd"}],
    },
}

def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}

def broken(change):
    f = copy.deepcopy(good)
    change(f)
    return fc(f)

def write(name, value):
    data = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode("utf-8")
    (here / name).write_bytes(data)

P = lambda f: f["properties"]
cases = {
    "01-malformed.geojson": b'{"type": "FeatureCollection", "features": [',
    "02-empty.geojson": b"",
    "03-whitespace-only.geojson": b"   \n\t  ",
    "04-not-geojson.json": {"hello": "world"},
    "05-a-list.json": [1, 2, 3],
    "06-latin1.geojson": json.dumps(fc(good), ensure_ascii=False).replace("Tsaritsyn", "Tsäritsyn").encode("latin-1", "replace"),
    "07-zip-posing-as-csv.csv": b"PK\x03\x04\x14\x00\x00\x00\x08\x00fake shapefile zip",
    "08-excel-posing-as-csv.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel",
    "09-features-not-a-list.geojson": {"type": "FeatureCollection", "features": {"a": 1}},
    "10-feature-not-an-object.geojson": fc("just a string"),
    "11-latitude-123.geojson": broken(lambda f: f["geometry"]["coordinates"].__setitem__(1, 123)),
    "12-longitude-200.geojson": broken(lambda f: f["geometry"]["coordinates"].__setitem__(0, 200)),
    "13-coordinates-as-text.geojson": broken(lambda f: f["geometry"].__setitem__("coordinates", ["44.5", "48.7"])),
    "14-polygon-geometry.geojson": broken(lambda f: f.__setitem__("geometry", {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})),
    "15-no-geometry.geojson": broken(lambda f: f.__setitem__("geometry", None)),
    "16-bad-date.geojson": broken(lambda f: P(f)["names"][1]["start"].__setitem__("date", "1961-13-45")),
    "17-end-before-start.geojson": broken(lambda f: P(f)["names"][1].__setitem__("end", {"date": "1920", "sources": ["s1"]})),
    "18-names-out-of-order.geojson": broken(lambda f: P(f)["names"][2]["start"].__setitem__("date", "1920")),
    "19-duplicate-ids.geojson": fc(copy.deepcopy(good), copy.deepcopy(good)),
    "20-wrong-country.geojson": broken(lambda f: P(f).__setitem__("country", "FR")),
    "21-unknown-country.geojson": broken(lambda f: P(f).__setitem__("country", "ZZ")),
    "22-kind-unknown.geojson": broken(lambda f: P(f).__setitem__("kind", "castle")),
    "23-stalin-not-boolean.geojson": broken(lambda f: P(f)["names"][1].__setitem__("stalin", "yes")),
    "24-missing-description.geojson": broken(lambda f: P(f).pop("description")),
    "25-source-not-listed.geojson": broken(lambda f: P(f)["names"][1]["start"].__setitem__("sources", ["nowhere"])),
    "26-javascript-url.geojson": broken(lambda f: P(f)["sources"][0].__setitem__("url", "javascript:alert(1)")),
    "27-no-names.geojson": broken(lambda f: P(f).__setitem__("names", [])),
    "28-undated-later-name.geojson": broken(lambda f: P(f)["names"][2].__setitem__("start", None)),
    "29-interval-date.geojson": broken(lambda f: P(f)["names"][1]["start"].__setitem__("date", "1925/1961")),
    "30-monument-without-block.geojson": broken(lambda f: P(f).__setitem__("kind", "monument")),
    "31-removed-before-unveiled.geojson": broken(lambda f: (P(f).__setitem__("kind", "monument"), P(f).__setitem__("names", P(f)["names"][1:2]), P(f).__setitem__("monument", {"unveiled": {"date": "1955", "sources": ["s1"]}, "removed": {"date": "1950", "sources": ["s1"]}, "fate": "toppled"}))),
    "32-bad-id.geojson": broken(lambda f: (P(f).__setitem__("id", "Bad Id!"), f.__setitem__("id", "Bad Id!"))),
    "33-unexpected-field.geojson": broken(lambda f: P(f).__setitem__("colour", "red")),
    "34-csv-missing-columns.csv": b"id,name,lat,lon\nx,Stalino,48.0,37.8\n",
    "35-csv-bad-latitude.csv": ("id,kind,feature_type,country,lat,lon,description,name,latin,lang,stalin,state,start,source_title,source_url\n"
                                "donetsk,renamed_place,city,UA,north,37.8,A city.,Юзівка,Yuzivka,uk,false,Russian Empire,,Donetsk,https://en.wikipedia.org/wiki/Donetsk\n"
                                "donetsk,renamed_place,city,UA,north,37.8,A city.,Сталіно,Stalino,uk,true,USSR,1929,Donetsk,https://en.wikipedia.org/wiki/Donetsk\n").encode(),
    "36-csv-header-only.csv": b"id,kind,feature_type,country,lat,lon,description,name,latin,lang,stalin,state,start,source_title,source_url\n",
    "37-lpf-without-features.jsonld": {"@context": "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld", "type": "FeatureCollection", "features": None},
    "38-too-many-levels.json": json.loads("[" * 40 + "]" * 40),
}
for name, value in cases.items():
    write(name, value)
print(len(cases))

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

from map_app.cite import citations, title, view_url
from map_app.view import View, from_query

VIEW = View(date=dt.date(1961, 11, 10), kind=("monument",), place="volgograd")
ACCESSED = dt.date(2026, 11, 29)


def test_the_cited_address_opens_the_same_view():
    url = view_url("http://localhost:8501/?date=1950-01-01", VIEW)
    assert url.startswith("http://localhost:8501/?")
    again, notices = from_query(dict(parse_qsl(urlsplit(url).query)))
    assert notices == [] and again == VIEW


def test_each_style_names_the_view_the_version_the_day_of_access_and_the_address():
    url = view_url("https://thaw.example/", VIEW)
    for style, text in citations(VIEW, url, ACCESSED, "2026.11.29b").items():
        assert "De-Stalinization on 10 November 1961 (Kinds: monument)" in text, style
        assert "2026.11.29b" in text and url in text and "2026" in text, style
    assert "Accessed 29 Nov. 2026." in citations(VIEW, url, ACCESSED, "v")["MLA"]
    assert "Retrieved 29 November 2026, from" in citations(VIEW, url, ACCESSED, "v")["APA"]


def test_the_default_view_is_cited_by_its_date_alone():
    assert title(View()) == "De-Stalinization on 5 March 1953"
    assert view_url("http://localhost:8501/", View()) == "http://localhost:8501/"


def test_the_cli_cites_a_view_in_the_three_styles(capsys):
    from map_app.cli import main

    assert main(["cite", "--date", "1961-11-10", "--kind", "monument", "--accessed", "2026-11-29"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["APA", "Chicago", "MLA"]
    assert all("?date=1961-11-10&kind=monument" in line for line in lines)

import os

from map_app import published
from map_app.mapview import by_address


def test_a_text_is_published_once_under_an_address_named_by_its_content(tmp_path):
    first = published.publish('{"a": 1}', tmp_path)
    again = published.publish('{"a": 1}', tmp_path)
    other = published.publish('{"a": 2}', tmp_path)
    assert first == again != other
    assert first.startswith(published.URL)
    assert (tmp_path / first.removeprefix(published.URL)).read_text() == '{"a": 1}'
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_a_folder_that_cannot_be_written_gives_no_address(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert published.publish("{}", blocked / "published") is None


def test_only_the_most_recently_published_files_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(published, "KEEP", 3)
    for n in range(5):
        published.publish(f"[{n}]", tmp_path)
        for path in tmp_path.glob("*.json"):  # older files look older
            os.utime(path, (path.stat().st_mtime - 1, path.stat().st_mtime - 1))
    kept = sorted(path.read_text() for path in tmp_path.glob("*.json"))
    assert kept == ["[2]", "[3]", "[4]"]


def test_the_page_gets_the_data_itself_or_its_address_as_a_string(tmp_path):
    assert by_address('{"a":1}') == '{"a":1}'
    address = by_address('{"a":1}', lambda text: published.publish(text, tmp_path))
    assert address.startswith('"/app/static/published/') and address.endswith('.json"')

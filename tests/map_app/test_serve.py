"""`python -m map_app.serve`: what it gives Streamlit's server before handing over."""

from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.web.server import server

from map_app.serve import KEPT_UPLOADS, bound_uploads


def upload(file_id, size=1000):
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.geojson", type="application/json", data=b"x" * size)


def test_a_session_holds_only_its_newest_uploads_whatever_ids_a_client_makes_up(monkeypatch):
    monkeypatch.setattr(server, "MemoryUploadedFileManager", server.MemoryUploadedFileManager)
    store = bound_uploads()("/_stcore/upload_file")
    for n in range(8):  # eight PUTs to made-up file ids of one session
        store.add_file("hostile", upload(f"made-up-{n}"))
    store.add_file("neighbour", upload("layer"))
    assert list(store.file_storage["hostile"]) == ["made-up-6", "made-up-7"]
    assert list(store.file_storage["neighbour"]) == ["layer"]
    held = sum(len(f.data) for files in store.file_storage.values() for f in files.values())
    assert held == sum(stat.byte_length for stats in store.get_stats().values() for stat in stats)
    assert held == (KEPT_UPLOADS + 1) * 1000


def test_streamlit_builds_its_upload_store_from_the_bounded_class(monkeypatch):
    monkeypatch.setattr(server, "MemoryUploadedFileManager", server.MemoryUploadedFileManager)
    bounded = bound_uploads()
    assert server.MemoryUploadedFileManager is bounded

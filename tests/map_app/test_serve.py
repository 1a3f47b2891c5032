"""`python -m map_app.serve`: what it gives Streamlit's server before handing over."""

from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.web.server import server

from map_app.serve import KEPT_UPLOADS, bound_uploads, reap_sessions


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


class ClosedTab:
    """Stands in for Streamlit's AppSession: all the store reads is its id and its shutdown."""

    def __init__(self, session_id):
        self.id, self.shut_down = session_id, False

    def shutdown(self):
        self.shut_down = True


def test_a_closed_session_is_shut_down_and_let_go_once_its_time_to_come_back_is_over(monkeypatch):
    import time
    import weakref

    from streamlit.runtime.session_manager import SessionInfo

    monkeypatch.setattr(server, "MemorySessionStorage", server.MemorySessionStorage)
    store = reap_sessions()(ttl_seconds=0.2)
    early, late = ClosedTab("early"), ClosedTab("late")
    store.save(SessionInfo(client=None, session=early, script_run_count=1))
    time.sleep(0.3)
    store.save(SessionInfo(client=None, session=late, script_run_count=1))  # the one that could still come back
    gone = weakref.ref(early)
    assert store.reap() == 0  # storing the late one reaped the early one
    assert early.shut_down and not late.shut_down
    assert [info.session.id for info in store.list()] == ["late"]
    del early
    assert gone() is None  # nothing of the store holds it any more: its state goes with it

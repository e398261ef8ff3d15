"""Load: 50 concurrent uploads against a real server on 127.0.0.1, bounded in time.

Every request is answered (202 or 503, never another 5xx), the server stays healthy, and every
accepted event is stored and analysed. Traffic goes only to the loopback address.
"""
from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

N_REQUESTS = 50
DEADLINE_S = 120

TEXTS = ["A boathouse at Lake Corra caught fire on Sunday night, the fire service said. Two boats were lost.",
         "Fire crews were called to a boathouse at Lake Corra on Sunday night. Three boats were lost, a witness said.",
         "The Lake Corra boathouse fire on Sunday destroyed boats, the owners said."]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):  # type: ignore[no-untyped-def]
    import uvicorn

    from storylens.config import load_settings
    from storylens.store.sqlite import Store
    from storylens.web import create_app

    store = Store(tmp_path)
    port = _free_port()
    app = create_app(store, load_settings(embeddings=False), threads=1, queue_size=8)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                                        limit_concurrency=200, backlog=256))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    end = time.time() + 30
    while not srv.started and time.time() < end:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    th.join(15)


def test_fifty_concurrent_uploads(server) -> None:  # type: ignore[no-untyped-def]
    base, store = server
    assert base.startswith("http://127.0.0.1:")
    start = time.time()

    def upload(i: int) -> tuple[int, str | None, str]:
        files = [("files", (f"r{k}.txt", (t + f" Report {i}.").encode(), "text/plain")) for k, t in enumerate(TEXTS)]
        with httpx.Client(timeout=60) as c:
            r = c.post(f"{base}/events", files=files, data={"title": f"load {i}"},
                       headers={"accept": "application/json"})
        eid = r.json().get("id") if r.status_code == 202 else None
        if r.status_code == 503:
            assert r.headers.get("retry-after") and r.json()["error"]["code"] == "busy"
        return r.status_code, eid, r.text[:200]

    with ThreadPoolExecutor(max_workers=N_REQUESTS) as pool:
        results = list(pool.map(upload, range(N_REQUESTS)))
    took = time.time() - start
    codes = [c for c, _, _ in results]
    assert len(codes) == N_REQUESTS
    assert set(codes) <= {202, 503}, [r for r in results if r[0] not in (202, 503)]
    accepted = [e for c, e, _ in results if c == 202]
    assert accepted and took < DEADLINE_S

    with httpx.Client(timeout=10) as c:
        assert c.get(f"{base}/health.json").json()["status"] == "ok"
        end = time.time() + DEADLINE_S
        pending = set(accepted)
        while pending and time.time() < end:
            pending = {e for e in pending if c.get(f"{base}/events/{e}.json").json()["event"]["status"]
                       not in ("done", "failed")}
            time.sleep(0.3)
        assert not pending, f"{len(pending)} accepted events not analysed in time"
        for e in accepted:
            j = c.get(f"{base}/events/{e}.json").json()
            assert j["event"]["status"] == "done" and len(j["report"]["documents"]) == 3
        assert c.get(f"{base}/health.json").json()["status"] == "ok"
    assert {r.id for r in store.list_events(limit=100)} == set(accepted)

"""Waiting for the web app's worker in tests: a bounded poll of an event's JSON page."""
from __future__ import annotations

import time
from typing import Any


def wait_done(client: Any, eid: str, timeout: float = 60) -> dict:
    """The event's JSON once its analysis is done or failed; fails the test after ``timeout`` s."""
    end = time.time() + timeout
    while time.time() < end:
        j = client.get(f"/events/{eid}.json").json()
        if j["event"]["status"] in ("done", "failed"):
            return j
        time.sleep(0.05)
    raise AssertionError(f"event {eid} not finished")

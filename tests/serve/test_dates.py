"""Dates served: an undated article's date is null in the API and never shown as a publication time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsbite.store import Store, stored_id
from tests.factories import make_article


def test_an_undated_article_has_a_null_date_and_its_first_seen_time_in_the_api(
    client: TestClient, store: Store
) -> None:
    undated = make_article(100, published=None)
    store.add([undated])
    article_id = stored_id(undated)
    document = client.get(f"/api/v1/articles/{article_id}").json()
    assert document["published"] is None
    assert document["added_at"].endswith("Z")
    [listed] = [item for item in client.get("/api/v1/articles").json()["items"] if item["id"] == article_id]
    assert listed["published"] is None
    assert listed["added_at"] == document["added_at"]

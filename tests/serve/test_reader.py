"""The web reader's pages: bites, the article page, search, entities, places, errors, safety headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsbite.serve.article_view import article_view, body_html, safe_link
from newsbite.serve.places_map import places_map


def test_latest_page_lists_bites_with_outlet_and_pages_on(client: TestClient) -> None:
    page = client.get("/latest")
    assert page.status_code == 200
    assert page.text.count('<li class="bite">') == 20
    assert "harbourherald.example" in page.text and "AFP" in page.text
    assert 'rel="next"' in page.text
    older = page.text.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert client.get(older).text.count('<li class="bite">') == 5


def test_article_page_has_bite_text_original_link_and_named_things(client: TestClient) -> None:
    [item] = client.get("/api/v1/articles", params={"limit": 1}).json()["items"]
    html = client.get(f"/articles/{item['id']}").text
    assert "The bite" in html and item["headline"] in html
    assert 'class="original-link" href="https://harbourherald.example/news/' in html
    assert 'href="/places/Uppsala"' in html and "<svg" in html
    assert "Contested claims" not in html  # no denial in these articles


def test_search_entity_and_place_pages(client: TestClient) -> None:
    assert client.get("/search", params={"q": "story 4"}).text.count('<li class="bite">') >= 1
    assert "No stories match" in client.get("/search", params={"q": "volcano"}).text
    assert client.get("/entities/anna%20lindqvist").text.count('<li class="bite">') == 12
    assert "Per Holm" in client.get("/entities").text
    assert "<svg" in client.get("/places").text
    assert "Uppsala, SE · 59.86°N 17.64°E" in client.get("/places/Uppsala").text


def test_errors_on_reader_pages_are_pages_for_browsers_and_json_otherwise(client: TestClient) -> None:
    browser = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert browser.status_code == 404 and "<h1>404" in browser.text
    script = client.get("/articles/nope", headers={"Accept": "application/json"})
    assert script.status_code == 404 and script.json()["error"]["code"] == "not_found"


def test_every_page_sends_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/search?q=x", "/places", "/feeds/rss.xml", "/api/v1/articles", "/nope"):
        policy = client.get(path).headers["content-security-policy"]
        # Only this server's own script file may run: nothing inline, nothing from elsewhere.
        assert "default-src 'none'" in policy and "script-src 'self';" in policy and "unsafe" not in policy


def test_scraped_markup_in_article_text_is_shown_as_text_never_as_markup() -> None:
    hostile = (
        "<script>window.pwned=1</script><img src=x onerror=alert(1)> <a href='javascript:alert(2)'>x</a>"
    )
    document = {
        "text": f"Para one says {hostile}.\n\n\u201cQuote,\u201d she said.",
        "sections": [
            {"heading": "<b onmouseover=alert(3)>Head</b>", "paragraphs": [f"Para one says {hostile}."]},
            {"heading": None, "paragraphs": ["\u201cQuote,\u201d she said."]},
        ],
        "quotes": [
            {
                "text": "Quote,",
                "kind": "direct",
                "start": len(f"Para one says {hostile}.") + 3,
                "end": len(f"Para one says {hostile}.") + 9,
                "speaker": "Ann <i>Lee</i>",
            }
        ],
        "claims": [],
        "original_url": "javascript:alert(4)",
        "url": "data:text/html,<script>alert(5)</script>",
    }
    html = str(body_html(document))
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<b " not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert '<mark class="quote direct" title="Ann &lt;i&gt;Lee&lt;/i&gt;">Quote,</mark>' in html
    assert article_view(document).original_link is None
    assert safe_link("https://example.org/a") == "https://example.org/a"


def test_map_is_inline_svg_framed_on_its_places() -> None:
    svg = str(
        places_map(
            [
                {"name": "Kathmandu", "lat": 27.7, "lon": 85.3, "articles": 3},
                {"name": "Pokhara <x>", "lat": 28.2, "lon": 83.99, "articles": 1},
            ]
        )
    )
    assert svg.startswith("<svg") and svg.count('<circle class="place"') == 2
    assert "Pokhara &lt;x&gt;" in svg and 'href="/places/Pokhara%20%3Cx%3E"' in svg
    assert places_map([{"name": "Nepal", "lat": None, "lon": None}]) is None

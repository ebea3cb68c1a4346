"""A story's outlets and items as lineage reads them: the host an address is read by hand must be
the one urlsplit gives, and an item of one copy is what the general rule makes of it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from newsbite.merge.lineage import Member, _host, _item

PARTS = st.sampled_from(
    [
        "http",
        "https",
        "HTTPS",
        "ftp",
        "",
        "www.",
        "Example",
        "news",
        ".com",
        ".co.uk",
        ":8443",
        "user@",
        "[::1]",
        "/",
        "/a/b",
        "?q=1",
        "#top",
        "%41",
        "\\",
        " ",
        "\t",
        "\n",
        "\r",
        "\x00",
        "é",
        "\u2100",
    ]
)


@given(st.lists(PARTS, max_size=8).map("".join), st.lists(PARTS, max_size=6).map("".join))
def test_the_host_read_by_hand_is_the_one_urlsplit_reads(start: str, rest: str) -> None:
    url = start + "://" + rest
    assert outcome(_host.__wrapped__, url) == outcome(
        lambda u: (urlsplit(u).hostname or "").removeprefix("www.") or None, url
    )


def outcome(read: Callable[[str], str | None], url: str) -> object:
    """What reading the URL gives, or the kind of error it raises."""
    try:
        return read(url)
    except ValueError as error:
        return type(error)


def member(seq: int, agency: str | None, lineage: str | None, url: str | None) -> Member:
    return Member(
        seq, f"id{seq}", "Headline", "Courier", agency, url, None, "2026-01-01T00:00:00Z", None, 10, lineage
    )


def test_an_item_of_one_copy_is_what_the_general_rule_makes_of_it() -> None:
    for agency, lineage, url in [
        ("AFP", "AFP", "https://a.example/x"),
        (None, None, "https://www.b.example/y"),
        (None, "Reuters", None),
        (None, None, None),
    ]:
        alone = member(1, agency, lineage, url)
        twin = member(2, agency, lineage, url)
        single, pair = _item([alone]), _item([alone, twin])
        assert single.copies == [alone] and single.lineage == pair.lineage

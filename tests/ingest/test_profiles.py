"""A first pass over one source's text dumps gives each the lines the source repeats."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.ingest.profiles import with_source_profiles
from newsbite.model import Document, DocumentKind

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "dumps" / "sites"
COOKIES = "We use cookies to personalize content and ads."


def test_a_folder_of_one_sites_dumps_is_cleaned_without_the_sites_lines(tmp_path: Path) -> None:
    for dump in sorted(SITES.glob("prairie_*.txt")):
        shutil.copy(dump, tmp_path / dump.name)
    documents = [item for item in read_inputs([str(tmp_path)], Settings()) if isinstance(item, Document)]
    assert len(documents) == 4
    assert all(document.source_lines for document in documents)
    for document in documents:
        assert COOKIES in document.content
        article = clean_document(document)
        assert COOKIES not in article.body_text and "© 20" not in article.body_text


def test_without_its_sources_lines_a_dump_keeps_the_sites_chrome(tmp_path: Path) -> None:
    # a line of the site's own that has no page form: only its repeating says it is the site's
    slogan = "The Kano Ledger has served the north since 1998."
    stories = [
        (
            "Textile mills cut night shifts",
            "Three textile mills cut night shifts on Monday.",
            "Owners blamed diesel.",
        ),
        ("State approves grid line", "The state approved a power line for the mills.", "Work starts in May."),
        (
            "Traders count the cost of cuts",
            "Market traders said power cuts cost them sales.",
            "Some closed early.",
        ),
    ]
    for n, (headline, *sentences) in enumerate(stories):
        text = "\n\n".join([headline, *sentences, slogan])
        (tmp_path / f"ledger_{n}.txt").write_text(text + "\n")
    documents = [item for item in read_inputs([str(tmp_path)], Settings()) if isinstance(item, Document)]
    for document in documents:
        assert slogan not in clean_document(document).paragraphs
        alone = clean_document(Document(document.origin, document.kind, document.content))
        assert slogan in alone.paragraphs


def test_sources_are_kept_apart_and_other_documents_pass_in_order() -> None:
    stories = {
        1: "The harbour reopened on Monday.",
        2: "Market stalls return.",
        3: "A new bridge is planned.",
        4: "The library extends its hours.",
    }

    def dump(folder: str, n: int) -> Document:
        return Document(f"{folder}/{n}.txt", DocumentKind.TEXT, f"Site {folder}\n{stories[n]}\n")

    failure = NewsBiteError("bad.txt", "unreadable")
    html = Document("page.html", DocumentKind.HTML, "<p>x</p>")
    items = [dump("a", 1), dump("a", 2), dump("a", 3), failure, dump("b", 1), html]
    items += [dump("b", 2), dump("b", 3), dump("b", 4)]
    out = list(with_source_profiles(items))
    assert [item.origin if isinstance(item, Document) else item for item in out] == [
        "a/1.txt", "a/2.txt", "a/3.txt", failure, "b/1.txt", "page.html", "b/2.txt", "b/3.txt", "b/4.txt",
    ]  # fmt: skip
    texts = [item for item in out if isinstance(item, Document) and item.kind is DocumentKind.TEXT]
    # (a profile needs three pages: b/1 stands alone between a failure and a page)
    assert [bool(document.source_lines) for document in texts] == [True, True, True, False, True, True, True]
    assert "site a" in texts[0].source_lines and "site a" not in texts[4].source_lines


def test_the_whole_profile_travels_with_each_document_labels_and_sentences_to_the_reader() -> None:
    pages = [
        Document(
            f"site/{n}.txt",
            DocumentKind.TEXT,
            f"Headline number {n} about the harbour\n\nBy Sam Okoro\nPublished March {n + 3}, 2025\n\n"
            f"Officials reached deal number {n} late on Monday.\n\n"
            f"You have {n + 1} free articles left this month. Subscribe now for unlimited access.\n\n"
            f"Harbour Extra: Another headline about thing {n}\n\n"
            f"The union will vote on deal {n} within 2 weeks.\n",
        )
        for n in range(4)
    ]
    profiled = [item for item in with_source_profiles(pages) if isinstance(item, Document)]
    assert all(document.source_labels and document.source_addresses for document in profiled)
    article = clean_document(profiled[0])
    assert article.paragraphs == [
        "Officials reached deal number 0 late on Monday.",
        "The union will vote on deal 0 within 2 weeks.",
    ]

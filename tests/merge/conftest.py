"""The bundled samples, cleaned, and which of them are copies of one wire story."""

from __future__ import annotations

import pytest

from newsbite.clean import clean_document
from newsbite.cli.ingest import sample_inputs
from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.model import Article, Document

# docs/samples.md, "Syndicated copies": each wire story and the names its copies go by.
WIRE_STORIES = {
    "AFP flood": {
        "afp_nepal_glacial_flood_newsbite.txt",
        "afp_nepal_glacial_flood_world_trimmed.txt",
        "harbourherald_nepal_glacial_flood_afp.html",
        "gcp-20260414-nepal-glof",
    },
    "AFP follow-up": {
        "afp_nepal_flood_toll_followup_world.txt",
        "coastlinecourier_nepal_flood_followup_afp.html",
    },
    "Reuters outage": {
        "reuters_kestrel_outage_business.txt",
        "meridiandaily_kestrel_outage_reuters.html",
        "gcp-20261021-kestrel-outage",
    },
    "AP rationing": {"ap_montevideo_water_rationing.txt", "gcp-20260210-montevideo-water"},
    "Reuters strike": {
        "reuters_santos_strike_business_crlf.txt",
        "northernledger_santos_strike_reuters.html",
        "md-20260309-santos-strike",
    },
}


def sample_name(article: Article) -> str:
    return (
        article.id
        if article.origin.endswith("]") or ":" in article.origin.rsplit("/", 1)[-1]
        else article.origin.rsplit("/", 1)[-1]
    )


@pytest.fixture(scope="session")
def samples() -> list[Article]:
    documents = read_inputs([str(path) for path in sample_inputs()], Settings())
    return [clean_document(document) for document in documents if isinstance(document, Document)]


@pytest.fixture(scope="session")
def processed_samples() -> list[Article]:
    """The samples through the whole pipeline (clean, understand, bite), as `newsbite run` stores them."""
    from newsbite.pipeline import Pipeline

    documents = read_inputs([str(path) for path in sample_inputs()], Settings())
    return [article for article in Pipeline(Settings()).run(documents) if isinstance(article, Article)]

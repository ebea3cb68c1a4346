"""`newsbite batch` on a LocalCluster of two workers: the same tables as one process, resumable."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbite.batch.errors import BatchError, BatchExtraMissing
from newsbite.batch.extra import BATCH_MODULES, require_batch_extra
from newsbite.batch.load import load_into_store
from newsbite.batch.merge import assign, time_order
from newsbite.batch.partitions import Partition, corpus_files, partition_documents, plan, read_documents, scan
from newsbite.batch.run import dask_client, run_batch, trimming_workers, write_partition
from newsbite.batch.tables import SCHEMAS, partition_tables
from newsbite.cli import app
from newsbite.cli.ingest import samples_path
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.merge.stories import THRESHOLD_WITH_EMBEDDINGS
from newsbite.merge.stream import Merger
from newsbite.model import Article, Document
from newsbite.pipeline import Pipeline
from newsbite.store import ArticleQuery, open_store, stored_id
from tests.archives import cut_in_last_page, last_record_start, page, page_url, warc_of_pages

# Where each row came from in the batch: not part of what the pipeline found.
PLACEMENT = {"partition", "position"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled JSONL records gzip'd, and a WARC of the bundled HTML pages with an image."""
    folder = tmp_path_factory.mktemp("corpus")
    records = folder / "records.jsonl.gz"
    records.write_bytes(gzip.compress((samples_path() / "records.jsonl").read_bytes()))
    crawl = folder / "crawl.warc.gz"
    with crawl.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        pages = sorted((samples_path() / "html").glob("*.html"))
        for number, page in enumerate(pages):
            url = f"https://{page.stem.split('_')[0]}.example/news/{number}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = io.BytesIO(page.read_bytes())
            writer.write_record(
                writer.create_warc_record(url, "response", payload=body, http_headers=headers)
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://x.example/a.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
            )
        )
    return [str(records), str(crawl)]


def rows(tables: dict[str, Any]) -> dict[str, list[str]]:
    """Each table's rows as sorted JSON lines, without the batch's own placement columns."""
    return {
        name: sorted(
            json.dumps(
                {k: v for k, v in row.items() if k not in PLACEMENT}, sort_keys=True, default=bytes.hex
            )
            for row in table.to_pylist()
        )
        for name, table in tables.items()
    }


def single_process(sources: list[str]) -> tuple[dict[str, list[str]], set[tuple[str, str | None, str]]]:
    """The tables one process makes of the same documents, and its merge of them in time order."""
    documents = all_documents(sources)
    outcomes = list(Pipeline(Settings()).run(documents))
    return rows(partition_tables(documents, outcomes, 0)), merged_in_time_order(outcomes, Merger())


def all_documents(sources: list[str]) -> list[Document | NewsBiteError]:
    max_bytes = Settings().max_document_bytes
    return [document for source in sources for document in read_documents(source, max_bytes)]


def merged_in_time_order(
    outcomes: list[Article | NewsBiteError], merger: Merger
) -> set[tuple[str, str | None, str]]:
    """Each article's id, the article it copies and its story, merged one by one as `cluster` does."""
    articles = [(index, outcome) for index, outcome in enumerate(outcomes) if isinstance(outcome, Article)]
    placed = [
        merger.add(stored_id(article), article) for _, article in sorted(articles, key=_input_time_order)
    ]
    return {(p.id, p.duplicate_of, merger.story_of(p.id)) for p in placed}


def _input_time_order(pair: tuple[int, Article]) -> tuple[float, int, int]:
    return time_order({"published": pair[1].published, "partition": 0, "position": pair[0]})


def placements(out: Path) -> set[tuple[str, str | None, str]]:
    table = pq.read_table(out / "merge" / "placements.parquet")
    return {(row["id"], row["duplicate_of"], row["story"]) for row in table.to_pylist()}


def written(out: Path) -> dict[str, list[str]]:
    return rows({name: pq.read_table(out / name, schema=schema) for name, schema in SCHEMAS.items()})


def source_ids(folder: Path) -> set[str | None]:
    return set(pq.read_table(folder, columns=["source_id"]).column(0).to_pylist())


def sample_record_ids() -> set[str]:
    lines = (samples_path() / "records.jsonl").read_text().splitlines()
    return {json.loads(line)["id"] for line in lines if line.strip()}


@pytest.mark.slow
def test_batch_on_two_workers_writes_what_one_process_finds_and_resumes(
    corpus: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with dask_client(2, None) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        assert trimming_workers(client) == []  # Dask's malloc trimming slows spaCy's workers
        reports = run_batch(client, corpus, out, Settings(), partition_size=4)
        expected, merged = single_process(corpus_files(corpus))
        assert len(reports) == len(list((out / "_done").iterdir())) >= 5
        assert written(out) == expected
        assert len(expected["articles"]) == 19 and expected["entities"] and expected["quotes"]
        assert source_ids(out / "articles") == sample_record_ids() | {None}  # the WARC's pages have none
        assert placements(out) == merged
        assert sum(1 for _, original, _ in merged if original) >= 2  # the samples' wire copies
        assert 4 <= len({story for *_, story in merged}) < 19

        # A batch stopped before two partitions were written: only those two run again.
        for name in ("part-00001", "part-00003"):
            (out / "_done" / name).unlink()
            for table in SCHEMAS:
                (out / table / f"{name}.parquet").unlink()
        again = run_batch(client, corpus, out, Settings(), partition_size=4)
        assert [report.partition for report in again] == [1, 3]
        assert written(out) == expected
        assert placements(out) == merged

        with pytest.raises(BatchError, match="holds another batch") as refused:
            run_batch(client, corpus, out, Settings(), partition_size=5)
        assert isinstance(refused.value, NewsBiteError) and refused.value.origin == str(out)
        assert str(refused.value) == (
            f"{out} holds another batch (other inputs, partition size or embeddings): "
            "use a new --out, or remove it"
        )

    store = open_store(f"sqlite:///{tmp_path / 'batch.db'}")  # --store: loaded, then merged in the store
    assert load_into_store(out, store, Settings())["added"] == 19
    assert store.count(ArticleQuery(copies=True)) == 19 and store.stories.pending() == 0
    assert 4 <= store.stories.count() < 19
    store.close()


def test_every_row_keeps_the_records_own_id_beside_the_store_key(tmp_path: Path) -> None:
    first, second = (samples_path() / "records.jsonl").read_text().splitlines()[:2]
    update = {**json.loads(second), "url": json.loads(first)["url"]}  # one URL, crawled twice
    corpus = tmp_path / "records.jsonl"
    records = [
        {**json.loads(first), "id": "abc"},
        {**update, "id": 42},
        {key: value for key, value in json.loads(second).items() if key != "id"},
        {"id": "no-text", "html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
        {"id": "not-a-record-body"},
    ]
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records))
    documents = list(read_documents(str(corpus), Settings().max_document_bytes))
    outcomes = list(Pipeline(Settings()).run(documents))
    tables = {name: table.to_pylist() for name, table in partition_tables(documents, outcomes, 0).items()}

    articles = {row["origin"].rsplit(":", 1)[1]: row for row in tables["articles"]}
    assert {line: row["source_id"] for line, row in articles.items()} == {"1": "abc", "2": "42", "3": None}
    assert outcomes[0].id == "abc"  # what `newsbite bite --format jsonl` prints as its id
    assert articles["1"]["id"] == articles["2"]["id"]  # the store's key cannot tell them apart
    for table in ("bites", "key_points", "entities"):
        owners = {(row["article_id"], row["source_id"]) for row in tables[table]}
        assert owners == {(row["id"], row["source_id"]) for row in articles.values()}, table
    assert [(row["source_id"], row["error"]) for row in tables["failures"]] == [
        ("no-text", "ExtractionError"),
        (None, "MalformedRecord"),  # never read as a record: nothing of it is known but its line
    ]


def test_the_batch_command_names_a_missing_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"), "-w", "1"]
    )
    assert result.exit_code == 2
    assert "missing.jsonl: no such file or directory" in result.stderr


def test_inputs_are_paths_folders_or_fsspec_urls_and_are_cut_into_partitions(
    corpus: list[str], tmp_path: Path
) -> None:
    records, crawl = corpus
    folder = str(Path(records).parent)
    assert corpus_files([folder]) == sorted(corpus)
    with pytest.raises(NewsBiteError, match="no such file"):
        corpus_files([f"{folder}/missing.jsonl"])
    plain = tmp_path / "records.jsonl"  # blank lines and an over-long record among the records
    lines = gzip.decompress(Path(records).read_bytes()).decode().splitlines()
    plain.write_text("\n".join([lines[0], "", *lines[1:5], "{" + "x" * 150_000 + "}", "", *lines[5:]]) + "\n")
    url = f"file://{plain}"
    [found] = corpus_files([url])
    settings = Settings(max_document_bytes=100_000)
    parts = plan(
        [url, crawl], [scan(url, settings.max_document_bytes, 4), scan(crawl, settings.max_document_bytes, 4)]
    )
    assert [(p.start, p.count, p.offset is not None) for p in parts] == [
        (0, 4, True),
        (4, 4, True),
        (8, 3, True),
        (0, 4, True),  # a WARC gzip'd record by record is entered at a record too
        (4, 4, True),
        (8, 1, True),
    ]
    for source, pieces in ((url, parts[:3]), (crawl, parts[3:])):
        whole = list(read_documents(source, settings.max_document_bytes))
        read = [d for p in pieces for d in partition_documents(p, settings.max_document_bytes)]
        assert [described(d) for d in read] == [described(d) for d in whole]
    assert found.endswith("records.jsonl") and len(list(read_documents(url, 100_000))) == 11


def test_a_warc_gzipd_whole_is_read_from_its_start(corpus: list[str], tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"  # one gzip member, not one a record: no record can be sought
    whole.write_bytes(gzip.compress(gzip.decompress(Path(corpus[1]).read_bytes())))
    max_bytes = Settings().max_document_bytes
    parts = plan([str(whole)], [scan(str(whole), max_bytes, 4)])
    assert [(p.start, p.count, p.offset) for p in parts] == [(0, 4, None), (4, 4, None), (8, 1, None)]
    read = [d for p in parts for d in partition_documents(p, max_bytes)]
    assert [described(d) for d in read] == [described(d) for d in read_documents(str(whole), max_bytes)]


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_warc_cut_inside_a_page_is_that_pages_error_in_its_partition(
    tmp_path: Path, compressed: bool
) -> None:
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(cut_in_last_page(warc_of_pages(3, compressed=compressed), compressed))
    max_bytes = Settings().max_document_bytes
    parts = plan([str(path)], [scan(str(path), max_bytes, 1)])
    assert [(p.start, p.count, p.offset is not None) for p in parts] == [
        (0, 1, True),
        (1, 1, True),
        (2, 1, True),
    ]
    first, second, last = (d for p in parts for d in partition_documents(p, max_bytes))
    assert isinstance(first, Document) and first.content == page(0).decode()
    assert isinstance(second, Document) and second.content == page(1).decode()
    assert isinstance(last, NewsBiteError)
    assert str(last).startswith(f"{path}:3 {page_url(2)}: the archive breaks off inside this record: ")


@pytest.mark.parametrize("into_headers", [40, 160], ids=["before-its-uri", "after-its-uri"])
def test_a_warc_cut_inside_a_records_headers_is_that_records_error_in_its_partition(
    tmp_path: Path, into_headers: int
) -> None:
    data = warc_of_pages(3, compressed=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: last_record_start(data) + into_headers])
    max_bytes = Settings().max_document_bytes
    parts = plan([str(path)], [scan(str(path), max_bytes, 1)])
    first, second, last = (d for p in parts for d in partition_documents(p, max_bytes))
    assert [first.content, second.content] == [page(0).decode(), page(1).decode()]  # type: ignore[union-attr]
    assert isinstance(last, NewsBiteError) and last.origin.startswith(f"{path}:3")
    assert last.problem.startswith("the archive breaks off inside")


def described(document: Document | NewsBiteError) -> tuple[str, str, str]:
    content = document.content if isinstance(document, Document) else str(document)
    return type(document).__name__, str(document.origin), content


def test_the_batch_command_runs_on_a_scheduler_given_by_address(corpus: list[str], tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster:
        result = CliRunner().invoke(
            app,
            ["batch", corpus[1], "--out", str(tmp_path / "out"), "--scheduler", cluster.scheduler_address],
        )
    assert result.exit_code == 0, result.output
    assert "9 articles, 0 failed, in 1 partitions" in result.stderr
    assert "1 worker(s) run with MALLOC_TRIM_THRESHOLD_ set" in result.stderr  # Dask's default there
    assert pq.read_table(tmp_path / "out" / "articles").num_rows == 9


def test_an_unreachable_scheduler_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsbite.batch.run.SCHEDULER_TIMEOUT", 2)
    missing = tmp_path / "records.jsonl"
    missing.write_text("")
    result = CliRunner().invoke(
        app, ["batch", str(missing), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


def hashed_embedder(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for the sentence model: L2-normalised counts of hashed words, the same every run."""
    vectors = np.zeros((len(texts), 64), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            vectors[row, zlib.crc32(word.encode()) % 64] += 1.0
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def test_leads_embedded_a_partition_at_a_time_place_articles_as_one_process_does(
    corpus: list[str], tmp_path: Path
) -> None:
    documents = all_documents(corpus)
    outcomes = list(Pipeline(Settings()).run(documents))
    for index, start in enumerate(range(0, len(outcomes), 7)):
        part = slice(start, start + 7)
        partition = Partition(index, "corpus", start, len(outcomes[part]))
        tables = partition_tables(documents[part], outcomes[part], index, hashed_embedder)
        write_partition(tmp_path, partition, tables)
    inputs = pq.read_table(tmp_path / "merge_inputs").to_pylist()
    assert len(inputs) == 19 and all(len(row["embedding"]) == 64 * 4 for row in inputs)
    assign(str(tmp_path), embeddings=True)
    assert placements(tmp_path) == merged_in_time_order(outcomes, Merger(embedder=hashed_embedder))
    # The vectors decided it: the same threshold without them places the articles otherwise.
    unembedded = Merger(story_threshold=THRESHOLD_WITH_EMBEDDINGS)
    assert placements(tmp_path) != merged_in_time_order(outcomes, unembedded)


@pytest.mark.slow
def test_two_workers_embed_the_leads_when_asked(corpus: list[str], tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers", reason="needs the embeddings extra")
    from newsbite.merge.stories import sentence_embedder

    settings = Settings(story_embeddings=True)
    with dask_client(2, None) as client:
        run_batch(client, corpus, tmp_path, settings, partition_size=6)
    outcomes = list(Pipeline(settings).run(all_documents(corpus)))
    assert placements(tmp_path) == merged_in_time_order(outcomes, Merger(embedder=sentence_embedder()))
    assert all(row["embedding"] for row in pq.read_table(tmp_path / "merge_inputs").to_pylist())


def test_the_batch_extra_is_there_for_the_tests() -> None:
    require_batch_extra()  # returns: dev installs newsbite[batch]


def test_a_missing_batch_module_is_named_with_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails, as without it
    with pytest.raises(BatchExtraMissing) as missing:
        require_batch_extra()
    assert isinstance(missing.value, NewsBiteError) and missing.value.origin == "newsbite batch"
    assert str(missing.value) == (
        "newsbite batch needs the batch extra (pyarrow not installed): pip install 'newsbite[batch]'"
    )


def test_newsbite_starts_without_the_batch_extra() -> None:
    script = (
        "import sys\n"
        f"sys.modules.update(dict.fromkeys({BATCH_MODULES!r}))\n"
        "import newsbite.cli\n"
        "from newsbite.batch.extra import require_batch_extra\n"
        "require_batch_extra()\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip().endswith(
        "BatchExtraMissing: newsbite batch needs the batch extra "
        "(dask, distributed, bokeh, pyarrow, fsspec not installed): pip install 'newsbite[batch]'"
    )


@pytest.mark.slow
def test_a_stage_registered_by_entry_point_runs_on_two_dask_workers(
    shouting_plugin: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text((samples_path() / "records.jsonl").read_text())
    settings = Settings(stages="clean,shout")
    with dask_client(2, None) as client:
        run_batch(client, [str(records)], tmp_path / "out", settings, partition_size=4)
    documents = pq.read_table(tmp_path / "out" / "articles", columns=["document"]).column(0).to_pylist()
    headlines = [json.loads(document)["headline"] for document in documents]
    assert len(headlines) == 10 and all(headline == headline.upper() for headline in headlines)
    assert any(headline.strip() for headline in headlines)


def test_a_stage_registered_only_at_run_time_is_refused_before_the_batch_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbite import registry
    from newsbite.registry import StageNotPortable, register_stage

    monkeypatch.setattr(registry, "_REGISTRY", dict(registry.registered_stages()))
    register_stage("test-batch-run-time", needs=set(), sets=set())(lambda article, settings: article)
    settings = Settings(stages="clean,test-batch-run-time")
    with pytest.raises(StageNotPortable, match="'test-batch-run-time' was registered at run time"):
        run_batch(None, [], tmp_path / "out", settings)  # type: ignore[arg-type]  (refused before the client is used)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_workers_that_cannot_build_the_pipeline_say_why(
    shouting_plugin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbite.registry import registered_stages

    assert "shout" in registered_stages()  # this process has the plugin; its workers will fail to load it
    monkeypatch.setenv("SHOUTING_STAGE_BROKEN", "1")
    records = str(samples_path() / "records.jsonl")
    with dask_client(2, None) as client, pytest.raises(BatchError) as refused:
        run_batch(client, [records], tmp_path / "out", Settings(stages="clean,shout"), partition_size=4)
    message = str(refused.value)
    assert message.startswith("the Dask workers could not build the pipeline: PipelineOrderError: ")
    assert "entry point 'shout' failed to load (shouting_stage: RuntimeError: the shouting stage" in message

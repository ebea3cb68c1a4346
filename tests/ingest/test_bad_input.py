"""Bad input gives one clear error naming it, quickly and without reading huge files into memory."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import pytest

from newsbite.config import Settings
from newsbite.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    FetchError,
    InputNotFound,
    InputTooLarge,
    NewsBiteError,
)
from newsbite.ingest import read_inputs
from newsbite.ingest.files import documents_from_stream
from newsbite.model import Document, DocumentKind


def _only_error(inputs: list[str], settings: Settings) -> NewsBiteError:
    (outcome,) = list(read_inputs(inputs, settings))
    assert isinstance(outcome, NewsBiteError)
    return outcome


def test_missing_file_is_named(tmp_path: Path, settings: Settings) -> None:
    missing = tmp_path / "nope.txt"
    error = _only_error([str(missing)], settings)
    assert isinstance(error, InputNotFound)
    assert error.origin == str(missing)


def test_empty_and_whitespace_files_are_refused(tmp_path: Path, settings: Settings) -> None:
    for name, content in (("empty.txt", b""), ("blank.txt", b"  \n\n\t\n")):
        path = tmp_path / name
        path.write_bytes(content)
        assert isinstance(_only_error([str(path)], settings), EmptyInput)


def test_binary_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert isinstance(_only_error([str(path)], settings), BinaryInput)


STORY = (
    "Council votes to rebuild sea wall\n\nThe council voted nine to two on Tuesday night to rebuild "
    "the storm-damaged wall. Café owners on the Esplanade welcomed the plan, one calling it “overdue”.\n"
)
PAGE = f"<html><head><title>Sea wall</title></head><body><h1>Sea wall</h1><p>{STORY}</p></body></html>"


@pytest.mark.parametrize(
    ("content", "encoding", "kind"),
    [
        (STORY, "utf-16-le", DocumentKind.TEXT),
        (STORY, "utf-16-be", DocumentKind.TEXT),
        (PAGE, "utf-16-le", DocumentKind.HTML),
        (PAGE, "utf-16-be", DocumentKind.HTML),
    ],
)
def test_utf16_without_a_bom_is_read(
    tmp_path: Path, settings: Settings, content: str, encoding: str, kind: DocumentKind
) -> None:
    path = tmp_path / "story"
    path.write_bytes(content.encode(encoding))
    [document] = read_inputs([str(path)], settings)
    assert isinstance(document, Document)
    assert document.content == content and document.kind == kind


def _nul_every_other_byte_around_random_ones() -> bytes:
    noise = random.Random(18)
    return bytes(byte for _ in range(2048) for byte in (noise.randrange(256), 0))


@pytest.mark.parametrize(
    "data",
    [
        random.Random(18).randbytes(8192),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(18).randbytes(4096),
        _nul_every_other_byte_around_random_ones(),
    ],
    ids=["random-bytes", "png", "nul-every-other-byte"],
)
def test_binary_with_nul_bytes_is_refused_as_binary_not_read_as_utf16(
    tmp_path: Path, settings: Settings, data: bytes
) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    error = _only_error([str(path)], settings)
    assert isinstance(error, BinaryInput) and "binary" in error.problem


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    error = _only_error([str(path)], settings)
    assert isinstance(error, InputTooLarge)
    assert "209,715,200 bytes" in error.problem


def test_huge_stream_stops_reading_at_the_limit() -> None:
    class CountingStream(io.RawIOBase):
        def __init__(self) -> None:
            self.served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = b"word " * (len(buffer) // 5)
            buffer[: len(chunk)] = chunk
            self.served += len(chunk)
            return len(chunk)

    stream = CountingStream()
    (outcome,) = list(documents_from_stream(stream, "<stdin>", max_bytes=1_000_000))
    assert isinstance(outcome, InputTooLarge)
    assert stream.served < 1_200_000


def test_unresolvable_host_is_a_fetch_error(settings: Settings) -> None:
    error = _only_error(["http://newsbite-test.invalid/story"], settings)
    assert isinstance(error, FetchError)
    assert "does not resolve" in error.problem


def test_private_address_is_refused_by_default(settings: Settings) -> None:
    error = _only_error(["http://127.0.0.1:9/story"], settings)
    assert isinstance(error, FetchError)
    assert error.problem == (
        "refused: http://127.0.0.1:9/story points at a loopback address; "
        "add 127.0.0.1 to NEWSBITE_ALLOW_HOSTS to allow it"
    )


def test_closed_port_is_a_fetch_error_when_private_addresses_are_allowed() -> None:
    error = _only_error(["http://127.0.0.1:9/story"], Settings(allow_hosts="127.0.0.1"))
    assert isinstance(error, FetchError)
    assert "cannot be fetched" in error.problem


def test_bad_inputs_do_not_stop_good_ones(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline here\n\nA body paragraph that says something.\n", encoding="utf-8")
    outcomes = list(read_inputs([str(tmp_path / "missing.txt"), str(good)], settings))
    assert isinstance(outcomes[0], InputNotFound)
    assert isinstance(outcomes[1], Document)


@pytest.mark.parametrize("value", ["NaN-ish", "12MB"])
def test_malformed_size_setting_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match=f"^NEWSBITE_MAX_DOCUMENT_BYTES: '{value}' is not a number$"):
        Settings.load(environ={"NEWSBITE_MAX_DOCUMENT_BYTES": value})


def test_gzip_input_is_decompressed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"Headline here\n\nA body paragraph that says something.\n"))
    (document,) = list(read_inputs([str(path)], settings))
    assert isinstance(document, Document)
    assert "A body paragraph" in document.content


def test_gzip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 50_000_000))
    error = _only_error([str(path)], Settings(max_document_bytes=1_000_000))
    assert isinstance(error, InputTooLarge)
    assert "decompresses" in error.problem


def test_corrupt_gzip_is_named(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "broken.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    assert isinstance(_only_error([str(path)], settings), BinaryInput)

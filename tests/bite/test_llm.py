"""The abstractive backend against a local server speaking the OpenAI chat API."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from newsbite.bite.llm import unfaithful
from newsbite.config import Settings
from newsbite.model import Document, DocumentKind
from newsbite.pipeline import Pipeline

ARTICLE = """Riverton council approves flood defence plan

The Riverton council on Tuesday approved a 12 million dollar plan to raise the river walls after
floods forced 2,000 residents from their homes in March.

Mayor Ada Okafor said the walls would be finished before next winter. "We cannot go through that
again," she said.

The opposition leader, Tom Reyes, said the plan came too late and cost too much.

Work is due to start in June, the council said.
"""
FAITHFUL = (
    "Riverton council approved a 12 million dollar plan to raise the river walls.\n"
    "Tom Reyes says it came too late."
)


@dataclass
class FakeChatServer:
    """What the fake server answers next, and the requests it received."""

    status: int = 200
    content: str | None = FAITHFUL
    raw: bytes | None = None
    requests: list[dict] = field(default_factory=list)


@pytest.fixture
def chat_server() -> Iterator[tuple[str, FakeChatServer]]:
    state = FakeChatServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            body = (
                state.raw
                or json.dumps(
                    {"choices": [{"index": 0, "message": {"role": "assistant", "content": state.content}}]}
                ).encode()
            )
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    server.shutdown()
    server.server_close()


def bite_with(url: str):
    settings = Settings(llm_url=url, llm_model="local-model", llm_timeout_seconds=5)
    return (
        Pipeline(settings, ("clean", "bite"))
        .process(Document("council.txt", DocumentKind.TEXT, ARTICLE))
        .bite
    )


def test_a_faithful_bite_from_the_server_is_used(chat_server: tuple[str, FakeChatServer]) -> None:
    url, state = chat_server
    bite = bite_with(url)
    assert bite.method == "llm"
    assert bite.sentences == FAITHFUL.splitlines()
    assert bite.sentence_ids == []
    assert bite.key_points  # key points stay extractive, traceable to sentences
    [request] = state.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "local-model"
    assert "attributed" in request["body"]["messages"][0]["content"]
    assert "Tom Reyes" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize(
    "answer",
    [
        "Riverton council approved a 15 million dollar plan to raise the river walls.",  # number not in it
        "Governor Maria Lopez approved the Riverton plan.",  # names not in it
    ],
)
def test_an_unfaithful_bite_falls_back_to_the_extractive_one(
    chat_server: tuple[str, FakeChatServer], answer: str
) -> None:
    url, state = chat_server
    state.content = answer
    bite = bite_with(url)
    assert bite.method == "extractive"
    assert bite.sentence_ids and "Riverton council" in bite.sentences[0]


@pytest.mark.parametrize("status, raw", [(500, None), (200, b"not json"), (200, b'{"choices": []}')])
def test_a_failing_server_falls_back_to_the_extractive_one(
    chat_server: tuple[str, FakeChatServer], status: int, raw: bytes | None
) -> None:
    url, state = chat_server
    state.status, state.raw = status, raw
    assert bite_with(url).method == "extractive"


def test_an_unreachable_server_falls_back_to_the_extractive_one() -> None:
    assert bite_with("http://127.0.0.1:9/v1").method == "extractive"


def test_faithfulness_check_reasons() -> None:
    article = "Kyiv said 3 people died in Sumy on Friday."
    assert unfaithful("Kyiv said 3 people died in Sumy.", article, 60) is None
    assert "numbers" in unfaithful("Kyiv said 30 people died.", article, 60)
    assert "Odesa" in unfaithful("Kyiv said people died in Odesa.", article, 60)
    assert "budget" in unfaithful("Kyiv said. " * 100, article, 60)

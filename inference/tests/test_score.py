import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
import score  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "scoring" / "sample-request.json"


class Triton(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Triton.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if self.headers.get("Authorization") != "Bearer secret":
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b'{"message":"unauthorized"}')
            return
        # As the real executor answers the sample: sessions 101, 102 and 104 (103 has one event), ascending.
        answer = {"outputs": [
            {"name": "item_id_scores", "datatype": "FP32", "shape": [3, 2], "data": [0.9, 0.5, 0.8, 0.4, 0.7, 0.3]},
            {"name": "item_ids", "datatype": "INT64", "shape": [3, 2], "data": [5, 6, 8, 9, 11, 12]},
        ]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Triton)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def test_prints_recommendations_per_session(server, capsys):
    assert score.main(["--scoring-uri", server, "--key", "secret", "--deployment", "green", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "3 session(s) answered" in out
    assert "session 101: 5 (0.900), 6 (0.500)" in out
    assert "session 102: 8 (0.800), 9 (0.400)" in out
    assert "session 104: 11 (0.700), 12 (0.300)" in out
    path, headers, body = Triton.seen[-1]
    assert path == "/v2/models/executor_model/infer"
    assert headers["azureml-model-deployment"] == "green"
    assert body == json.loads(SAMPLE.read_text())


def test_reports_a_refused_key_without_printing_it(server, capsys):
    assert score.main(["--scoring-uri", server, "--key", "wrong-key"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "wrong-key" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scoring-uri", "ftp://x", "--key", "k"], "is not an http(s) URL"),
        (["--scoring-uri", "https://x"], "no key"),
        (["--scoring-uri", "https://x", "--key", "k", "--request-file", "/nope.json"], "does not exist"),
        (["--scoring-uri", "https://x", "--key", "k", "--request-file", __file__], "is not JSON"),
        (["--scoring-uri", "https://x", "--key", "k", "--top", "0"], "at least 1"),
    ],
)
def test_rejects_bad_arguments(args, message, capsys, monkeypatch):
    monkeypatch.delenv("SCORING_KEY", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        score.main(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_rows_belong_to_the_sessions_in_ascending_id_order():
    request = {"inputs": [{"name": "session_id", "data": [9, 9, 4, 7, 4, 2]}]}
    assert score.answered_sessions(request) == [4, 9]
    assert score.answered_sessions(json.loads(SAMPLE.read_text())) == [101, 102, 104]
    assert score.answered_sessions({"inputs": []}) == []


def test_sample_request_is_not_in_session_order_so_labels_must_sort():
    # The executor answers 101, 102, 104 whatever the request order; the sample sends 104 first on purpose.
    sessions = next(t["data"] for t in json.loads(SAMPLE.read_text())["inputs"] if t["name"] == "session_id")
    assert sessions[0] == 104 and sorted(set(sessions)) == [101, 102, 103, 104]

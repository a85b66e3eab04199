"""Ask a Triton deployment of the next-item model for recommendations, the way smoke-score does.

    python inference/scoring/score.py --scoring-uri https://<endpoint>.<region>.inference.ml.azure.com/ \\
        --deployment green --request-file inference/scoring/sample-request.json

The key or token comes from --key or the SCORING_KEY environment variable (never print it):
    az ml online-endpoint get-credentials -n <endpoint> -g <group> -w <workspace> --query accessToken -o tsv
Only the Python standard library is used: nothing to install.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scoring-uri", required=True, help="the endpoint's scoring URI")
    parser.add_argument("--key", default=os.environ.get("SCORING_KEY"), help="endpoint key or AML token (default: $SCORING_KEY)")
    parser.add_argument("--deployment", help="target one deployment (azureml-model-deployment header)")
    parser.add_argument("--model", default="executor_model", help="Triton model name")
    parser.add_argument("--request-file", type=Path, default=Path(__file__).with_name("sample-request.json"))
    parser.add_argument("--top", type=int, default=5, help="items to show per session")
    args = parser.parse_args(argv)
    if not args.scoring_uri.startswith(("https://", "http://")):
        parser.error(f"--scoring-uri {args.scoring_uri!r} is not an http(s) URL")
    if not args.key:
        parser.error("no key: pass --key or set SCORING_KEY")
    if not args.request_file.is_file():
        parser.error(f"--request-file {args.request_file} does not exist")
    try:
        args.request = json.loads(args.request_file.read_text())
    except json.JSONDecodeError as error:
        parser.error(f"--request-file {args.request_file} is not JSON: {error}")
    if not isinstance(args.request, dict) or not isinstance(args.request.get("inputs"), list):
        parser.error(f"--request-file {args.request_file} is not a KServe v2 request (no inputs list)")
    if args.top < 1:
        parser.error("--top must be at least 1")
    return args


def infer(args: argparse.Namespace) -> tuple[dict, float]:
    url = args.scoring_uri.rstrip("/") + f"/v2/models/{args.model}/infer"
    headers = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}
    if args.deployment:
        headers["azureml-model-deployment"] = args.deployment
    request = urllib.request.Request(url, data=json.dumps(args.request).encode(), headers=headers, method="POST")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    return body, (time.perf_counter() - started) * 1000


def recommendations(answer: dict, top: int) -> list[list[tuple[int, float]]]:
    outputs = {output["name"]: output for output in answer.get("outputs", [])}
    if "item_ids" not in outputs or "item_id_scores" not in outputs:
        raise ValueError(f"the answer has no item_ids/item_id_scores outputs (it has {sorted(outputs)})")
    ids, scores = outputs["item_ids"], outputs["item_id_scores"]
    rows, width = ids["shape"]
    flat_ids, flat_scores = ids["data"], scores["data"]
    return [list(zip(flat_ids[r * width : r * width + top], flat_scores[r * width : r * width + top])) for r in range(rows)]


def answered_sessions(request: dict) -> list:
    """The sessions the answer's rows belong to, in row order: the executor answers one row per session of two
    or more events, in ascending session_id order (NVTabular 23.08's Groupby runs on pandas at serving time and
    pandas sorts the group keys: nvtabular/ops/groupby.py:239), and the answer carries no session_id."""
    tensors = {tensor.get("name"): tensor for tensor in request.get("inputs", [])}
    if "session_id" not in tensors:
        return []
    counts: dict = {}
    for session in _flatten(tensors["session_id"].get("data", [])):
        counts[session] = counts.get(session, 0) + 1
    return sorted(session for session, count in counts.items() if count >= 2)


def _flatten(data) -> list:
    return [value for item in data for value in _flatten(item)] if isinstance(data, list) else [data]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        answer, ms = infer(args)
        rows = recommendations(answer, args.top)
    except urllib.error.HTTPError as error:
        print(f"score.py: HTTP {error.code} from the endpoint: {error.read().decode(errors='replace')[:500]}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, ValueError, KeyError) as error:
        print(f"score.py: {error}", file=sys.stderr)
        return 1
    print(f"{len(rows)} session(s) answered in {ms:.0f} ms")
    sessions = answered_sessions(args.request)
    if len(sessions) != len(rows):
        print(f"score.py: the request has {len(sessions)} session(s) of two or more events but the answer has {len(rows)} row(s)", file=sys.stderr)
        sessions = [f"row {index}" for index in range(1, len(rows) + 1)]
    for session, row in zip(sessions, rows):
        print(f"session {session}: " + ", ".join(f"{item} ({score:.3f})" for item, score in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The resume step of detached training: the requests it builds, and what it does with each answer."""

import base64
import json

from resume_rollout import (
    decode_inputs,
    dispatch_request,
    identity_token_request,
    key_vault_resource,
    main,
    parse_args,
    secret_request,
    settings_from,
    short_ref,
)

ARGS = [
    "--github_api_url", "https://api.github.com/",
    "--github_repository", "octo-org/recs",
    "--github_ref", "refs/heads/main",
    "--github_workflow", "deploy.yml",
    "--dispatch_inputs", "endpoint=next-item&create-endpoint=true&model-job=job_1",
    "--model_job", "job_1",
    "--key_vault_url", "https://kv-recs.vault.azure.net/",
    "--token_secret", "github-dispatch-token",
]  # fmt: skip
ML_COMPUTE = {"MSI_ENDPOINT": "http://127.0.0.1:46808/MSI/auth", "MSI_SECRET": "s3cret"}


def test_an_attached_run_asks_for_no_dispatch():
    assert settings_from(parse_args([])) is None
    assert settings_from(parse_args(ARGS[:8])) is None  # no Key Vault, no job


def test_the_dispatch_is_a_workflow_dispatch_with_the_inputs_and_a_branch_name():
    settings = settings_from(parse_args(ARGS))
    request = dispatch_request(settings, "ghs_token")
    assert request.method == "POST"
    assert request.url == "https://api.github.com/repos/octo-org/recs/actions/workflows/deploy.yml/dispatches"
    assert request.headers["Authorization"] == "Bearer ghs_token"
    assert json.loads(request.body) == {
        "ref": "main",
        "inputs": {"endpoint": "next-item", "create-endpoint": "true", "model-job": "job_1"},
    }
    assert short_ref("refs/tags/v2") == "v2" and short_ref("release") == "release"


def test_gates_with_commas_comparisons_and_spaces_reach_the_dispatch_as_given():
    gates = {"min-metrics": "ndcg_at_20>=0.15, recall_at_20>=0.3", "beat-baseline": "ndcg_at_20,recall_at_20"}
    # submit-pipeline's encoding: base64url of JSON, unpadded (a shell reads the step's command line).
    encoded = base64.urlsafe_b64encode(json.dumps({**gates, "model-job": "job_1"}).encode()).decode().rstrip("=")
    args = [*ARGS[:8], "--dispatch_inputs", encoded, *ARGS[10:]]
    settings = settings_from(parse_args(args))
    assert json.loads(dispatch_request(settings, "t").body)["inputs"] == {**gates, "model-job": "job_1"}
    assert decode_inputs("") == {}
    assert decode_inputs("a=1&b=x%2Cy") == {"a": "1", "b": "x,y"}  # jobs tagged before the JSON encoding


def test_the_token_comes_from_key_vault_with_the_compute_identity():
    assert key_vault_resource("https://kv-recs.vault.azure.net") == "https://vault.azure.net"
    assert key_vault_resource("https://kv.vault.usgovcloudapi.net") == "https://vault.usgovcloudapi.net"
    ml = identity_token_request({**ML_COMPUTE, "DEFAULT_IDENTITY_CLIENT_ID": "abc"}, "https://vault.azure.net")
    assert ml.url.startswith("http://127.0.0.1:46808/MSI/auth?")
    assert "api-version=2017-09-01" in ml.url and "clientid=abc" in ml.url
    assert ml.headers == {"secret": "s3cret"}
    imds = identity_token_request({}, "https://vault.azure.net")
    assert imds.url.startswith("http://169.254.169.254/metadata/identity/oauth2/token?")
    assert imds.headers == {"Metadata": "true"}
    secret = secret_request("https://kv-recs.vault.azure.net", "github-dispatch-token", "at")
    assert secret.url == "https://kv-recs.vault.azure.net/secrets/github-dispatch-token?api-version=7.4"
    assert secret.headers == {"Authorization": "Bearer at"}


class Azure:
    """The compute's identity endpoint, Key Vault and GitHub, answering in turn; records what was sent."""

    def __init__(self, dispatch_status=204, vault_status=200):
        self.sent = []
        self.dispatch_status = dispatch_status
        self.vault_status = vault_status

    def __call__(self, request):
        self.sent.append(request)
        if "/MSI/auth" in request.url:
            return 200, json.dumps({"access_token": "vault-token"}).encode()
        if ".vault." in request.url:
            return self.vault_status, json.dumps({"value": "ghs_from_vault"}).encode()
        return self.dispatch_status, b""


def test_main_dispatches_with_the_token_from_the_vault(capsys):
    azure = Azure()
    assert main(ARGS, ML_COMPUTE, azure) == 0
    assert [r.method for r in azure.sent] == ["GET", "GET", "POST"]
    assert azure.sent[1].headers["Authorization"] == "Bearer vault-token"
    assert azure.sent[2].headers["Authorization"] == "Bearer ghs_from_vault"
    out = capsys.readouterr().out
    assert "Resumed the rollout: dispatched deploy.yml of octo-org/recs at main" in out
    assert "ghs_from_vault" not in out


def test_a_refused_dispatch_or_secret_leaves_the_job_to_the_schedule_and_never_fails_the_pipeline(capsys):
    assert main(ARGS, ML_COMPUTE, Azure(dispatch_status=403)) == 0
    assert "GitHub refused the dispatch (HTTP 403)" in capsys.readouterr().out
    assert main(ARGS, ML_COMPUTE, Azure(vault_status=403)) == 0
    out = capsys.readouterr().out
    assert "Key Vault Secrets User" in out and "resume.yml will resume job job_1" in out

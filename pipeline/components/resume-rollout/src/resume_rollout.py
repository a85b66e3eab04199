"""Dispatches the repository's deploy workflow from Azure ML when training has finished (detached training).

The token comes from Key Vault, read with the compute cluster's managed identity: nothing secret is passed to
the job. Every request is built by a pure function; `main` only sends them. The step never fails the pipeline:
when the dispatch cannot happen, it says why and the scheduled resume.yml resumes the job instead.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Mapping

KEY_VAULT_API_VERSION = "7.4"
IMDS = "http://169.254.169.254/metadata/identity/oauth2/token"


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: dict
    body: bytes | None = None


@dataclass(frozen=True)
class Settings:
    api_url: str
    repository: str
    ref: str
    workflow: str
    inputs: dict
    key_vault_url: str
    token_secret: str


def settings_from(args: argparse.Namespace) -> Settings | None:
    """The dispatch this job asks for, or None when it asks for none (an attached run leaves the inputs unset)."""
    needed = (args.github_repository, args.github_workflow, args.key_vault_url, args.model_job)
    if not all(needed):
        return None
    inputs = decode_inputs(args.dispatch_inputs or "")
    inputs.setdefault("model-job", args.model_job)
    return Settings(
        api_url=(args.github_api_url or "https://api.github.com").rstrip("/"),
        repository=args.github_repository,
        ref=short_ref(args.github_ref or "main"),
        workflow=args.github_workflow,
        inputs=inputs,
        key_vault_url=args.key_vault_url.rstrip("/"),
        token_secret=args.token_secret or "github-dispatch-token",
    )


def decode_inputs(text: str) -> dict:
    """The workflow's inputs: base64url of a JSON object (submit-pipeline's encoding, safe on a command line).

    Values keep commas, `>=` and spaces. A URL query string (name=value&...) is read too, as jobs submitted
    before the JSON encoding carry one.
    """
    if not text:
        return {}
    if "=" not in text:
        try:
            value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            if isinstance(value, dict):
                return {str(key): str(item) for key, item in value.items()}
        except (binascii.Error, ValueError):
            pass
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))


def short_ref(ref: str) -> str:
    """The dispatch API takes a branch or tag name."""
    for prefix in ("refs/heads/", "refs/tags/"):
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


def key_vault_resource(vault_url: str) -> str:
    """The token audience of a vault: https://vault.azure.net for *.vault.azure.net, and so on per cloud."""
    host = urllib.parse.urlsplit(vault_url).hostname or ""
    return "https://" + host.split(".", 1)[1]


def identity_token_request(env: Mapping[str, str], resource: str) -> Request:
    """A managed identity token request, in the protocol the compute offers.

    Azure ML compute clusters give MSI_ENDPOINT and MSI_SECRET (the 2017-09-01 protocol, azure-identity's
    AzureMLCredential) and DEFAULT_IDENTITY_CLIENT_ID for a user-assigned identity; App Service style hosts give
    IDENTITY_ENDPOINT and IDENTITY_HEADER; a plain VM has IMDS.
    """
    client_id = env.get("DEFAULT_IDENTITY_CLIENT_ID")
    if env.get("MSI_ENDPOINT") and env.get("MSI_SECRET"):
        query = {"resource": resource, "api-version": "2017-09-01", **({"clientid": client_id} if client_id else {})}
        return Request("GET", f"{env['MSI_ENDPOINT']}?{urllib.parse.urlencode(query)}", {"secret": env["MSI_SECRET"]})
    if env.get("IDENTITY_ENDPOINT") and env.get("IDENTITY_HEADER"):
        query = {"resource": resource, "api-version": "2019-08-01", **({"client_id": client_id} if client_id else {})}
        return Request(
            "GET",
            f"{env['IDENTITY_ENDPOINT']}?{urllib.parse.urlencode(query)}",
            {"X-IDENTITY-HEADER": env["IDENTITY_HEADER"]},
        )
    query = {"resource": resource, "api-version": "2018-02-01", **({"client_id": client_id} if client_id else {})}
    return Request("GET", f"{IMDS}?{urllib.parse.urlencode(query)}", {"Metadata": "true"})


def secret_request(vault_url: str, name: str, access_token: str) -> Request:
    url = f"{vault_url}/secrets/{urllib.parse.quote(name)}?api-version={KEY_VAULT_API_VERSION}"
    return Request("GET", url, {"Authorization": f"Bearer {access_token}"})


def dispatch_request(settings: Settings, token: str) -> Request:
    """POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches: needs actions: write on the repository."""
    owner, repo = settings.repository.split("/", 1)
    path = "/".join(urllib.parse.quote(part, safe="") for part in (owner, repo))
    url = f"{settings.api_url}/repos/{path}/actions/workflows/{urllib.parse.quote(settings.workflow)}/dispatches"
    body = json.dumps({"ref": settings.ref, "inputs": settings.inputs}).encode()
    headers = {
        "Accept": "application/vnd.github+json",
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "next-item-actions-resume",
    }
    return Request("POST", url, headers, body)


Send = Callable[[Request], "tuple[int, bytes]"]


def send_with_urllib(request: Request) -> tuple[int, bytes]:
    http = urllib.request.Request(request.url, data=request.body, headers=request.headers, method=request.method)
    try:
        with urllib.request.urlopen(http, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def resume(settings: Settings, env: Mapping[str, str], send: Send) -> str:
    """Reads the token and dispatches; returns what happened, raises RuntimeError with the reason when it cannot."""
    status, body = send(identity_token_request(env, key_vault_resource(settings.key_vault_url)))
    if status != 200:
        raise RuntimeError(f"the compute's managed identity gave no token (HTTP {status}): {body[:200]!r}")
    access_token = json.loads(body)["access_token"]
    status, body = send(secret_request(settings.key_vault_url, settings.token_secret, access_token))
    if status != 200:
        raise RuntimeError(
            f"Key Vault refused secret {settings.token_secret} (HTTP {status}); the compute's identity needs the "
            f"Key Vault Secrets User role on the vault: {body[:200]!r}"
        )
    token = json.loads(body)["value"]
    status, body = send(dispatch_request(settings, token))
    if status not in (200, 204):
        raise RuntimeError(f"GitHub refused the dispatch (HTTP {status}); the token needs actions: write: {body[:200]!r}")
    return f"dispatched {settings.workflow} of {settings.repository} at {settings.ref} with {settings.inputs}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in (
        "github_api_url",
        "github_repository",
        "github_ref",
        "github_workflow",
        "dispatch_inputs",
        "model_job",
        "key_vault_url",
        "token_secret",
    ):
        parser.add_argument(f"--{name}", default="")
    return parser.parse_args(argv)


def main(argv: list[str], env: Mapping[str, str], send: Send = send_with_urllib) -> int:
    settings = settings_from(parse_args(argv))
    if settings is None:
        print("No dispatch asked for (attached run, or no Key Vault): nothing to do.")
        return 0
    try:
        print(f"Resumed the rollout: {resume(settings, env, send)}.")
    except (RuntimeError, KeyError, ValueError, OSError) as error:
        print(f"Could not dispatch the rollout ({error}); the scheduled resume.yml will resume job {settings.inputs['model-job']}.")
    return 0


if __name__ == "__main__":
    import os

    sys.exit(main(sys.argv[1:], os.environ))

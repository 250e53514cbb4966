"""The API behind a Lambda function URL: the ASGI adapter and the real app over SQLite."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from repflow.aws import api_handler
from repflow.aws.api_handler import AsgiAdapter, database_url_from_secret
from repflow.aws.runtime import reset as reset_runtime
from repflow.aws.runtime import run
from repflow.exceptions import ConfigError

TOKEN = "api-token-" + "y" * 24


def url_event(
    method: str = "GET",
    path: str = "/",
    *,
    query: str = "",
    headers: dict[str, str] | None = None,
    body: bytes | str | None = None,
    base64_body: bool = False,
    cookies: list[str] | None = None,
) -> dict[str, Any]:
    """A function URL event (payload format 2.0), as AWS documents it."""
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {
            "host": "abcdefg.lambda-url.us-east-1.on.aws",
            "user-agent": "curl/8.5.0",
            "x-forwarded-proto": "https",
            **(headers or {}),
        },
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abcdefg",
            "domainName": "abcdefg.lambda-url.us-east-1.on.aws",
            "domainPrefix": "abcdefg",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "curl/8.5.0",
            },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "17/Nov/2026:09:30:00 +0000",
            "timeEpoch": 1794907800000,
        },
        "isBase64Encoded": base64_body,
    }
    if cookies:
        event["cookies"] = cookies
    if body is not None:
        if base64_body:
            raw = body if isinstance(body, bytes) else body.encode()
            event["body"] = base64.b64encode(raw).decode()
        else:
            event["body"] = body
    return event


class EchoApp:
    """A raw ASGI app that answers with what it was given."""

    def __init__(self, *, lifespan: str = "ok") -> None:
        self.lifespan = lifespan
        self.started = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            if self.lifespan == "unsupported":
                raise ValueError("no lifespan here")
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    if self.lifespan == "fail":
                        await send({"type": "lifespan.startup.failed", "message": "db down"})
                        return
                    self.started += 1
                    scope["state"]["ready"] = "yes"
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"] == "/boom":
            raise RuntimeError("boom")
        if scope["path"] == "/binary":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"image/png")],
                }
            )
            await send({"type": "http.response.body", "body": b"\x89PNG\x00\xff"})
            return
        echo = {
            "method": scope["method"],
            "path": scope["path"],
            "raw_path": scope["raw_path"].decode(),
            "query": scope["query_string"].decode(),
            "headers": {k.decode(): v.decode() for k, v in scope["headers"]},
            "client": list(scope["client"]),
            "scheme": scope["scheme"],
            "body": body.decode("latin-1"),
            "state": dict(scope.get("state", {})),
        }
        await send(
            {
                "type": "http.response.start",
                "status": 201,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"set-cookie", b"a=1; Path=/"),
                    (b"set-cookie", b"b=2; Path=/"),
                    (b"vary", b"accept"),
                    (b"vary", b"cookie"),
                ],
            }
        )
        payload = json.dumps(echo).encode()
        await send({"type": "http.response.body", "body": payload[:10], "more_body": True})
        await send({"type": "http.response.body", "body": payload[10:]})


@pytest.fixture(autouse=True)
def _fresh_loops() -> Iterator[None]:
    yield
    api_handler.reset()
    reset_runtime()


def test_request_and_response_conversion() -> None:
    app = EchoApp()
    adapter = AsgiAdapter(app)  # type: ignore[arg-type]

    response = adapter(
        url_event(
            "POST",
            "/api/creators/a%20b",
            query="x=1&y=%C3%A9",
            headers={"content-type": "application/json", "authorization": "Bearer t"},
            body='{"hello": "wörld"}',
            cookies=["session=abc", "theme=dark"],
        )
    )

    assert response["statusCode"] == 201
    assert response["isBase64Encoded"] is False
    assert response["cookies"] == ["a=1; Path=/", "b=2; Path=/"]
    assert response["headers"]["vary"] == "accept,cookie"
    echo = json.loads(response["body"])
    assert echo["method"] == "POST"
    assert echo["path"] == "/api/creators/a b"
    assert echo["raw_path"] == "/api/creators/a%20b"
    assert echo["query"] == "x=1&y=%C3%A9"
    assert echo["headers"]["authorization"] == "Bearer t"
    assert echo["headers"]["cookie"] == "session=abc; theme=dark"
    assert echo["client"] == ["198.51.100.7", 0]
    assert echo["scheme"] == "https"
    assert echo["body"].encode("latin-1").decode() == '{"hello": "wörld"}'
    assert echo["state"] == {"ready": "yes"}


def test_base64_request_body_and_binary_response() -> None:
    adapter = AsgiAdapter(EchoApp())  # type: ignore[arg-type]

    echoed = adapter(url_event("PUT", "/upload", body=b"\x00\x01binary", base64_body=True))
    binary = adapter(url_event("GET", "/binary"))

    assert json.loads(echoed["body"])["body"] == "\x00\x01binary"
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == b"\x89PNG\x00\xff"


def test_lifespan_runs_once_per_container() -> None:
    app = EchoApp()
    adapter = AsgiAdapter(app)  # type: ignore[arg-type]

    adapter(url_event())
    adapter(url_event())

    assert app.started == 1
    run(adapter.shutdown())


def test_app_without_lifespan_is_served() -> None:
    adapter = AsgiAdapter(EchoApp(lifespan="unsupported"))  # type: ignore[arg-type]
    assert adapter(url_event())["statusCode"] == 201


def test_failed_startup_is_an_error_and_retried_next_time() -> None:
    app = EchoApp(lifespan="fail")
    adapter = AsgiAdapter(app)  # type: ignore[arg-type]

    with pytest.raises(RuntimeError, match="db down"):
        adapter(url_event())
    app.lifespan = "ok"
    assert adapter(url_event())["statusCode"] == 201


def test_app_exception_is_a_500() -> None:
    adapter = AsgiAdapter(EchoApp())  # type: ignore[arg-type]

    response = adapter(url_event("GET", "/boom"))

    assert response["statusCode"] == 500
    assert json.loads(response["body"])["error"]["code"] == "internal"


@pytest.mark.parametrize(
    ("secret", "url"),
    [
        ("postgresql://u:p@db:5432/repflow", "postgresql://u:p@db:5432/repflow"),
        (json.dumps({"url": "postgresql://x@y/z"}), "postgresql://x@y/z"),
        (
            json.dumps(
                {
                    "engine": "postgres",
                    "host": "db.example",
                    "port": 5433,
                    "username": "repflow",
                    "password": "p@ss/word",
                    "dbname": "deals",
                }
            ),
            "postgresql://repflow:p%40ss%2Fword@db.example:5433/deals",
        ),
    ],
)
def test_database_url_from_secret(secret: str, url: str) -> None:
    assert database_url_from_secret(secret) == url


def test_database_secret_without_a_url_is_refused() -> None:
    with pytest.raises(ConfigError, match="host"):
        database_url_from_secret(json.dumps({"username": "u", "password": "p"}))


def test_missing_settings_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REPFLOW_DB", "DATABASE_URL_SECRET_ARN", "API_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="REPFLOW_DB is not set"):
        api_handler.handler(url_event(), None)


def test_real_api_over_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPFLOW_DB", f"sqlite:///{tmp_path / 'api.db'}")
    monkeypatch.setenv("API_AUTH_TOKEN", TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}"}

    health = api_handler.handler(url_event("GET", "/healthz"), None)
    refused = api_handler.handler(url_event("GET", "/api/v1/creators"), None)
    empty = api_handler.handler(url_event("GET", "/api/v1/creators", headers=auth), None)

    assert health["statusCode"] == 200
    assert refused["statusCode"] == 401
    assert empty["statusCode"] == 200
    assert json.loads(empty["body"]) == []


def test_settings_from_secrets_manager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REPFLOW_DB", raising=False)
    monkeypatch.delenv("API_AUTH_TOKEN", raising=False)
    with mock_aws():
        secrets = boto3.client("secretsmanager", region_name="us-east-1")
        db = secrets.create_secret(
            Name="repflow/db", SecretString=f"sqlite:///{tmp_path / 'api.db'}"
        )
        token = secrets.create_secret(Name="repflow/token", SecretString=TOKEN)
        monkeypatch.setenv("DATABASE_URL_SECRET_ARN", db["ARN"])
        monkeypatch.setenv("API_AUTH_TOKEN_SECRET_ARN", token["ARN"])

        response = api_handler.handler(
            url_event("GET", "/api/v1/creators", headers={"authorization": f"Bearer {TOKEN}"}), None
        )

    assert response["statusCode"] == 200

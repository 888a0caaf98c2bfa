"""The load run's nginx: in front of the server as docs/deploy.md sets it up, passing the
client's address, the request id and the body of a POST over kept-alive connections."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
import urllib.request

import pytest

from bench.load import servers

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not servers.Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (.ci/run installs it)",
)


class Echo(http.server.BaseHTTPRequestHandler):
    """Answers with what reached it: the path, the proxy's headers, the body."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps(
            {
                "path": self.path,
                "forwarded_for": self.headers.get("X-Forwarded-For"),
                "request_id": self.headers.get("X-Request-ID"),
                "body": self.rfile.read(length).decode() if length else "",
                "peer_port": self.client_address[1],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *_args) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_nginx_passes_requests_with_the_clients_address_over_kept_alive_connections(
    upstream, tmp_path
):
    nginx = servers.Nginx(free_port(), upstream, tmp_path)
    # The upstream answers /healthz too (anything): nginx is up once it passes one.
    nginx.start()
    try:
        answers = []
        for index in range(5):
            request = urllib.request.Request(  # noqa: S310 - our own local nginx
                f"{nginx.url}/api/v1/attempts/1/submit",
                data=json.dumps({"n": index}).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - local
                answers.append(json.load(answer))
    finally:
        nginx.stop()

    assert [a["body"] for a in answers] == [json.dumps({"n": i}) for i in range(5)]
    assert {a["forwarded_for"] for a in answers} == {"127.0.0.1"}
    assert all(len(a["request_id"]) == 32 for a in answers)
    assert len({a["peer_port"] for a in answers}) == 1  # one upstream connection, kept alive
    assert nginx.process.poll() is not None

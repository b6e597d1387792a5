"""The HTTP side of every murphy Python process: Prometheus text on /metrics, liveness on /healthz."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest


class MetricsServer:
    """Serves the registries' metrics (concatenated) and `healthy()` as 200/503 on /healthz."""

    def __init__(
        self, port: int, registries: Iterable[CollectorRegistry], healthy: Callable[[], bool], host: str = "0.0.0.0"
    ):
        registries = tuple(registries)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    self._reply(200, CONTENT_TYPE_LATEST, b"".join(generate_latest(r) for r in registries))
                elif path == "/healthz":
                    ok = healthy()
                    self._reply(200 if ok else 503, "text/plain", b"ok\n" if ok else b"not ready\n")
                else:
                    self._reply(404, "text/plain", b"try /metrics or /healthz\n")

            def _reply(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
                return None  # scrapes every few seconds would drown the logs

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="metrics-http", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> MetricsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

"""A real `penalty serve` for the tests: started as a process on a free loopback port, stopped after the session."""
from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

PENALTY = [sys.executable, "-m", "penalty.cli.app"]


class Server:
    def __init__(self, *args):
        self.proc = subprocess.Popen([*PENALTY, "serve", "--port", "0", "--json", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(timeout=30)
            raise AssertionError(f"penalty serve did not start: {self.proc.stderr.read().decode(errors='replace')}")
        self.info = json.loads(line)
        self.url = self.info["url"]
        self.port = self.info["port"]

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kw)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


class InProcess:
    """The same app on uvicorn in a thread of the test process (so that coverage sees the server's code),
    listening on a free loopback port like `penalty serve --port 0`."""

    def __init__(self, **create):
        import threading
        import time
        import uvicorn
        from penalty.serve.app import create_app
        from penalty.serve.listen import listen, uvicorn_settings
        self.sock, self.url = listen("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(**create), **uvicorn_settings()))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the in-process server did not start"
            time.sleep(0.05)

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kw)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture(scope="session")
def server():
    s = InProcess()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def http(server):
    with server.client() as c:
        yield c


def cli(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The command line, as a person runs it: its bytes are what the API must answer."""
    return subprocess.run([*PENALTY, *args], input=stdin, capture_output=True, timeout=120, check=False)

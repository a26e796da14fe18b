"""The listening socket and the uvicorn settings, shared by `penalty serve` and the tests' in-process server."""
from __future__ import annotations

import socket

from penalty.errors import PenaltyError, Problem

KEEP_ALIVE_S = 5


def listen(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening TCP socket on host:port (0: any free port) and the URL it answers at. Bound here rather than
    by uvicorn so that the URL printed names the real port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio switches Nagle off (TCP_NODELAY) only on sockets that say TCP, and
    # without it a keep-alive client waits ~40 ms (delayed ACK) for the second write of every response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise PenaltyError([Problem("serve.cannot_listen", None, {"host": host, "port": port,
                                                                  "reason": exc.strerror or str(exc)})]) from None
    sock.listen(2048)
    sock.set_inheritable(True)  # for --workers: the worker processes accept on it
    shown = f"[{host.strip('[]')}]" if family == socket.AF_INET6 else host
    return sock, f"http://{shown}:{sock.getsockname()[1]}/"


def uvicorn_settings(max_connections: int = 1000, access_log: bool = False) -> dict:
    return dict(log_level="info" if access_log else "warning", access_log=access_log, server_header=False,
                limit_concurrency=max_connections, timeout_keep_alive=KEEP_ALIVE_S, lifespan="off")

"""Run the story desk with uvicorn on a socket bound here, so that the address printed is
the one really listened on (``--port 0`` picks a free port)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

from ..errors import StorylineError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is only reachable from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (raises ``StorylineError`` saying what to try)."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise StorylineError(f"--host {host!r}: cannot resolve it ({error.strerror}); give an address such as "
                             f"{DEFAULT_HOST}") from None
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(2048)
    except OSError as error:
        listener.close()
        raise StorylineError(f"cannot listen on {host}:{port}: {error.strerror or error}; try another --port "
                             "(or --port 0 for any free one)") from None
    listener.set_inheritable(True)
    return listener


def address_of(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(directory: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          announce: Callable[[str], None] = print) -> None:
    """Serve the build in ``directory`` until interrupted; ``announce`` gets the address once
    the store is open and the socket listens."""
    import uvicorn

    from .app import create_app

    app = create_app(Path(directory))
    listener = bind(host, port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, lifespan="off")
    announce(address_of(listener))
    uvicorn.Server(config).run(sockets=[listener])

"""The SMS gateway's side of intake's webhook over real sockets: one keep-alive HTTP/1.1
connection per sender, a request written and its answer read, nothing else.

Why not httpx: with 256 senders on one event loop, httpx's pool cost the bench more CPU than
intake spent answering, so claims reached intake about four at a time (its group commit saw
batches of ~4) and the surge measured the load generator. A gateway is another machine; this
client keeps the bench's share of our two cores small."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import orjson


class GatewayConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self._reader = reader
        self._writer = writer
        self._host = host

    @classmethod
    async def open(cls, url: str) -> GatewayConnection:
        parts = urlsplit(url)
        assert parts.hostname is not None and parts.port is not None, url
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer, parts.netloc)

    async def post(self, path: str, body: Any, headers: dict[str, str]) -> tuple[int, Any]:
        """The status and the decoded JSON answer."""
        content = orjson.dumps(body)
        lines = [f"POST {path} HTTP/1.1", f"Host: {self._host}",
                 "Content-Type: application/json", f"Content-Length: {len(content)}",
                 *(f"{k}: {v}" for k, v in headers.items())]  # fmt: skip
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + content)
        status_line = await self._reader.readline()
        if not status_line:
            raise ConnectionError("intake closed the connection")
        status = int(status_line.split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, orjson.loads(await self._reader.readexactly(length)) if length else None

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()

#!/usr/bin/env python3
"""Slow and idle clients for the slow-clients drill.

Opens --idle TCP connections that never send a byte, --trickle connections that send a request
head one byte a second and never finish it (slowloris), and one connection with a --big-header
byte header line. Records when the server closes each, and what (if anything) it answered.
Writes --ready once every connection is open; stops after --duration seconds, or as soon as
every trickling connection has been closed; then writes the JSON report.
"""
import argparse
import asyncio
import json
import time


async def opened(port, attempts=20):
    for _ in range(attempts):
        try:
            return await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
    raise OSError("could not connect")


async def wait_closed(reader):
    """Waits until the server closes the connection; returns what it sent before."""
    received = b""
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return received
            received += chunk
    except (ConnectionResetError, BrokenPipeError):
        return received


class Clients:
    def __init__(self, args):
        self.args = args
        self.start = time.monotonic()
        self.idle_closed, self.trickle_closed, self.trickle_answers = [], [], []
        self.big_header = None

    async def idle(self, connection):
        reader, writer = connection
        opened_at = time.monotonic()
        await wait_closed(reader)
        self.idle_closed.append(time.monotonic() - opened_at)
        writer.close()

    async def trickle(self, connection):
        reader, writer = connection
        opened_at = time.monotonic()
        closed = asyncio.ensure_future(wait_closed(reader))
        writer.write(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.args.port}\r\nX-Slow: ".encode())
        while not closed.done():
            try:
                writer.write(b"a")
                await writer.drain()
            except (ConnectionResetError, BrokenPipeError):
                break
            await asyncio.wait([closed], timeout=1)
        answer = await closed
        self.trickle_closed.append(time.monotonic() - opened_at)
        self.trickle_answers.append(answer.split(b"\r\n", 1)[0].decode("latin-1"))
        writer.close()

    async def oversized(self):
        reader, writer = await opened(self.args.port)
        head = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.args.port}\r\nX-Big: {'a' * self.args.big_header}\r\n\r\n"
        try:
            writer.write(head.encode())
            await writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            pass
        try:
            answer = await asyncio.wait_for(wait_closed(reader), 30)
            self.big_header = answer.split(b"\r\n", 1)[0].decode("latin-1") or "closed without an answer"
        except asyncio.TimeoutError:
            self.big_header = "no answer, not closed within 30 s"
        writer.close()

    async def run(self):
        args = self.args
        tasks = [asyncio.ensure_future(self.oversized())]
        # In batches, so the listen backlog does not overflow (the connections are what matters).
        for batch in range(0, args.idle, 100):
            connections = await asyncio.gather(*(opened(args.port) for _ in range(min(100, args.idle - batch))))
            tasks += [asyncio.ensure_future(self.idle(c)) for c in connections]
        trickles = [asyncio.ensure_future(self.trickle(await opened(args.port))) for _ in range(args.trickle)]
        with open(args.ready, "w") as ready:
            ready.write(f"{args.idle} idle, {args.trickle} trickling\n")
        await asyncio.wait(trickles, timeout=max(1, args.duration - (time.monotonic() - self.start)))
        # The idle connections a moment more: the server closes them on the same timer.
        await asyncio.wait(tasks, timeout=5)
        for task in tasks + trickles:
            task.cancel()

    def report(self):
        def spread(values):
            return {"closed": len(values), "min_s": round(min(values), 1), "max_s": round(max(values), 1)} if values else {"closed": 0}
        return {
            "idle": {"opened": self.args.idle, **spread(self.idle_closed)},
            "trickle": {"opened": self.args.trickle, **spread(self.trickle_closed),
                        "answers": sorted(set(self.trickle_answers))},
            "big_header": {"bytes": self.args.big_header, "answer": self.big_header},
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--trickle", type=int, default=50)
    parser.add_argument("--big-header", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--report", required=True)
    args = parser.parse_args()
    clients = Clients(args)
    asyncio.run(clients.run())
    with open(args.report, "w") as out:
        json.dump(clients.report(), out)


if __name__ == "__main__":
    main()

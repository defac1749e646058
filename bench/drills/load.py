#!/usr/bin/env python3
"""Steady HTTP/1.1 keep-alive load for the fault drills, classifying every request.

wrk reports socket errors by kind but not per request nor when they happened; a drill needs
both (zero failures during an outage, what happened before and after a listener closed). Each
connection loops over the paths at a paced rate, reusing its connection as a browser or load
balancer would; every request ends in exactly one outcome:

  ok                     a 2xx/3xx response, read whole (Content-Length or chunked)
  http_error             a complete response with status >= 400
  refused                the connection was refused (nothing listens)
  connect_error          the connection failed otherwise, or timed out
  closed_before_response the server closed or reset the connection before any byte of the
                         response (on a kept-alive connection: the keep-alive close race)
  cut_mid_response       the response began but ended or was reset before its end
  timeout                no complete response within --timeout seconds

Runs until --duration is over or it gets SIGINT/SIGTERM, lets the requests in flight end,
then writes a JSON report (counts per outcome and per target, latency percentiles of the ok
requests, the first failures, and every request's start, end and outcome when --records).
"""
import argparse
import asyncio
import json
import signal
import sys
import time


class Outcome(Exception):
    def __init__(self, kind, detail="", status=0):
        super().__init__(kind)
        self.kind, self.detail, self.status = kind, detail, status


async def read_response(reader, timeout):
    """Reads one response; returns (status, body bytes, connection close wanted)."""
    got_any = False
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise Outcome("cut_mid_response", f"head cut after {len(error.partial)} bytes")
        raise Outcome("closed_before_response", "EOF before the response")
    except (ConnectionResetError, BrokenPipeError) as error:
        raise Outcome("closed_before_response", type(error).__name__)
    except asyncio.TimeoutError:
        raise Outcome("timeout", "no response head")
    except asyncio.LimitOverrunError:
        raise Outcome("cut_mid_response", "head too long")
    got_any = True
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    try:
        size = 0
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size_line = await asyncio.wait_for(reader.readuntil(b"\r\n"), timeout)
                chunk = int(size_line.split(b";")[0], 16)
                await asyncio.wait_for(reader.readexactly(chunk + 2), timeout)
                size += chunk
                if chunk == 0:
                    break
        elif "content-length" in headers:
            size = int(headers["content-length"])
            await asyncio.wait_for(reader.readexactly(size), timeout)
        elif status not in (204, 304):
            raise Outcome("cut_mid_response", "neither Content-Length nor chunked")
    except asyncio.IncompleteReadError as error:
        raise Outcome("cut_mid_response", f"body cut after {len(error.partial)} more bytes", status)
    except (ConnectionResetError, BrokenPipeError) as error:
        raise Outcome("cut_mid_response", f"{type(error).__name__} in the body", status)
    except asyncio.TimeoutError:
        raise Outcome("timeout", "body not complete", status)
    assert got_any
    return status, size, headers.get("connection", "").lower() == "close"


class Load:
    def __init__(self, args):
        self.args = args
        self.targets = [t.rstrip("/") for t in args.target]
        self.paths = [p for p in args.paths.split(",") if p]
        self.stopping = False
        self.records = []
        self.t0 = time.time()
        self.m0 = time.monotonic()

    def now(self):
        return self.t0 + (time.monotonic() - self.m0)

    async def connection(self, index):
        args = self.args
        target = self.targets[index % len(self.targets)]
        host, port = target.split("://", 1)[1].split(":")
        interval = args.connections / args.rate if args.rate > 0 else 0
        next_at = time.monotonic() + interval * index / max(args.connections, 1)
        reader = writer = None
        fresh = True
        sent = 0
        while not self.stopping:
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                next_at = max(next_at + interval, time.monotonic() - interval)
                if self.stopping:
                    break
            path = self.paths[(index + sent) % len(self.paths)]
            sent += 1
            start = self.now()
            outcome, status, detail, reused = "ok", 0, "", False
            try:
                if writer is None:
                    try:
                        reader, writer = await asyncio.wait_for(
                            asyncio.open_connection(host, int(port), limit=1 << 20), args.timeout)
                        fresh = True
                    except ConnectionRefusedError:
                        raise Outcome("refused")
                    except (OSError, asyncio.TimeoutError) as error:
                        raise Outcome("connect_error", type(error).__name__)
                reused = not fresh
                fresh = False
                try:
                    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: drill\r\n\r\n".encode())
                    await writer.drain()
                except (ConnectionResetError, BrokenPipeError) as error:
                    raise Outcome("closed_before_response", f"write: {type(error).__name__}")
                status, _, close = await read_response(reader, args.timeout)
                if status >= 400:
                    outcome = "http_error"
                if close:
                    writer.close()
                    reader = writer = None
            except Outcome as result:
                outcome, detail, status = result.kind, result.detail, result.status or status
                if writer is not None:
                    writer.close()
                reader = writer = None
            end = self.now()
            self.records.append((round(start, 4), round(end, 4), target, path, outcome, status, reused, detail))
        if writer is not None:
            writer.close()

    async def run(self):
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stop)
        if self.args.duration:
            loop.call_later(self.args.duration, self.stop)
        await asyncio.gather(*(self.connection(i) for i in range(self.args.connections)))

    def stop(self):
        self.stopping = True

    def report(self):
        counts, per_target, failures, latencies = {}, {}, [], []
        for start, end, target, path, outcome, status, reused, detail in self.records:
            counts[outcome] = counts.get(outcome, 0) + 1
            per_target.setdefault(target, {}).setdefault(outcome, 0)
            per_target[target][outcome] += 1
            if outcome == "ok":
                latencies.append(end - start)
            elif len(failures) < 20:
                failures.append({"at": start, "target": target, "path": path, "outcome": outcome,
                                 "status": status, "reused_connection": reused, "detail": detail})
        latencies.sort()
        pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2) if latencies else None
        report = {
            "started": self.t0, "ended": self.now(), "requests": len(self.records), "outcomes": counts,
            "per_target": per_target, "p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "max_ms": round(latencies[-1] * 1000, 2) if latencies else None, "first_failures": failures,
        }
        if self.args.records:
            report["records"] = self.records
        return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", required=True, help="http://127.0.0.1:PORT (repeatable)")
    parser.add_argument("--paths", required=True, help="comma-separated paths, asked in turn")
    parser.add_argument("--connections", type=int, default=8, help="kept-alive connections, spread over the targets")
    parser.add_argument("--rate", type=float, default=100, help="requests per second in all (0: as fast as possible)")
    parser.add_argument("--duration", type=float, default=0, help="seconds (0: until SIGINT/SIGTERM)")
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--records", action="store_true", help="keep every request in the report")
    parser.add_argument("--report", required=True)
    args = parser.parse_args()
    load = Load(args)
    asyncio.run(load.run())
    with open(args.report, "w") as out:
        json.dump(load.report(), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

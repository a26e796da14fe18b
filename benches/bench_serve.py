"""Load on `penalty serve` (issue 18): C concurrent clients posting cases to /v1/assess over loopback.

    python benches/bench_serve.py [--requests N] [--concurrency C] [--workers W] [--timeout S] [--rate R]

Starts `penalty serve --port 0` (W worker processes), then C clients, each on its own keep-alive connection,
send N requests in all (bounded: at most --timeout seconds, then whatever finished is reported). The cases are
1,000 different ones (every obstruction row of the Guangdong grid x prior counts, and Food Safety Law art. 124
goods values), so no layer can answer from a cache of one body. Each answer is checked (status 200 and the body's
length > 0); anything else counts as an error.

Two kinds of load. Closed loop (the default): each client sends its next request as soon as its last answer is
read, so the server always holds C requests and the mean latency is C / throughput (Little's law: 200 clients
at 2,000 requests/s wait 100 ms on average, whatever the server does). Open loop (`--rate R`): the C clients
together send R requests a second on a fixed schedule (each client every C/R s, the clients' starts spread over
that interval), as officers' browsers and case systems do; a request's latency is counted from the moment it
was due, so an answer that comes late delays the next request and that wait is in the figures too.

Prints requests/s, latency p50/p90/p99/max (from just before a request is written to its last byte read), errors,
the server's CPU seconds, and its memory: peak RSS (VmHWM) and RSS after each tenth of the run (flat = no leak).
The client is a small asyncio loop on raw sockets, so that it costs the shared cores as little as possible; it
still runs on the same machine, and its CPU is reported beside the server's. Report `uptime` with the figures
(docs/performance.md, "## Serve (issue 18)").
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

OBSTRUCTIONS = ("delaying", "falsifying", "refusing_entry", "blocking", "assault")


def cases(n: int = 1000) -> list:
    out = []
    for i in range(n):
        if i % 4 == 3:  # art. 124: under and over the 10,000 yuan switch
            out.append({"case_id": f"bench-{i}", "violation": "food-124-additives",
                        "facts": {"goods_value": str(1000 + 37 * i), "recalled_in_time": i % 2 == 0,
                                  "harm_caused": i % 3 == 0, "repeat_within_year": i % 5 == 0}})
        else:
            out.append({"case_id": f"bench-{i}", "violation": "gd-water-81-obstruct",
                        "facts": {"obstruction": OBSTRUCTIONS[i % 5], "prior_count_1y": i % 7}})
    return out


def requests(host: str, port: int) -> list:
    out = []
    for case in cases():
        body = json.dumps({"rulebook": "cn-env-food", "case": case}, ensure_ascii=False).encode("utf-8")
        out.append(b"POST /v1/assess HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n%s" % (host.encode(), port, len(body), body))
    return out


async def client(host, port, reqs, todo, latencies, errors, deadline, interval=None, due=0.0):
    """One keep-alive connection. `interval`: open loop, a request every `interval` seconds from `due` on (the
    latency counted from when each was due); None: closed loop, the next request as soon as an answer is read."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while todo[0] > 0 and time.monotonic() < deadline:
            todo[0] -= 1
            req = reqs[todo[0] % len(reqs)]
            if interval is not None:
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                t0 = due
                due += interval
            else:
                t0 = time.perf_counter()
            writer.write(req)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                errors.append(repr(exc))
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            latencies.append(time.perf_counter() - t0)
            if head[9:12] != b"200" or not body:
                errors.append(head[:12].decode(errors="replace"))
    finally:
        writer.close()


def _proc_status(pid: int) -> dict:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) // 1024  # MiB
    except OSError:
        pass
    return out


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pids(pid: int) -> list:
    """The server and, with several workers, its worker processes."""
    kids = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [pid, *[int(k) for k in kids.read_text().split()]]
    except OSError:
        return [pid]


async def run(host, port, pids, n, concurrency, timeout, rate=None):
    reqs = requests(host, port)
    todo, latencies, errors = [n], [], []
    deadline = time.monotonic() + timeout
    memory = []

    async def sample():
        step = max(n // 10, 1)
        mark = step
        while todo[0] > 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            if n - todo[0] >= mark:
                memory.append(sum(_proc_status(p).get("VmRSS", 0) for p in pids))
                mark += step
    cpu0 = sum(_cpu(p) for p in pids)
    client_cpu0 = time.process_time()
    t0 = time.perf_counter()
    sampler = asyncio.create_task(sample())
    interval = concurrency / rate if rate else None
    start = time.perf_counter() + 0.1
    await asyncio.gather(*(client(host, port, reqs, todo, latencies, errors, deadline, interval,
                                  start + (k * interval / concurrency if interval else 0.0))
                           for k in range(concurrency)))
    wall = time.perf_counter() - t0
    sampler.cancel()
    return {"wall": wall, "latencies": latencies, "errors": errors, "memory": memory,
            "server_cpu": sum(_cpu(p) for p in pids) - cpu0, "client_cpu": time.process_time() - client_cpu0}


def _pct(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))] * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300.0, help="the whole run's bound, in seconds")
    ap.add_argument("--rate", type=float, default=None,
                    help="open loop: the clients together send this many requests a second (default: closed loop)")
    args = ap.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    server = subprocess.Popen([sys.executable, "-m", "penalty.cli.app", "serve", "--port", "0", "--json",
                               "--rulebook", "cn-env-food", "--workers", str(args.workers)],
                              stdout=subprocess.PIPE)
    try:
        info = json.loads(server.stdout.readline())
        host, port = info["host"], info["port"]
        time.sleep(1.0 + args.workers)  # the workers load their rulebooks
        pids = _server_pids(server.pid)
        start_rss = sum(_proc_status(p).get("VmRSS", 0) for p in pids)
        asyncio.run(run(host, port, pids, 2_000, min(args.concurrency, 50), 60))  # warm-up, not counted
        r = asyncio.run(run(host, port, pids, args.requests, args.concurrency, args.timeout, args.rate))
        peak = sum(_proc_status(p).get("VmHWM", 0) for p in pids)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lat = sorted(r["latencies"])
    done = len(lat)
    loop = f"open loop at {args.rate:.0f} requests/s" if args.rate else "closed loop"
    print(f"requests {done} of {args.requests} in {r['wall']:.2f} s, {args.concurrency} clients ({loop}), "
          f"{args.workers} worker(s); load average {os.getloadavg()[0]:.2f}")
    print(f"throughput {done / r['wall']:.0f} requests/s")
    if lat:
        print(f"latency ms: p50 {_pct(lat, .5):.1f}  p90 {_pct(lat, .9):.1f}  p99 {_pct(lat, .99):.1f}  max {lat[-1] * 1000:.1f}")
    print(f"errors {len(r['errors'])}" + (f" (first: {r['errors'][0]})" if r["errors"] else ""))
    print(f"cpu s: server {r['server_cpu']:.2f} ({r['server_cpu'] / max(done, 1) * 1000:.2f} ms/request), "
          f"client {r['client_cpu']:.2f}")
    print(f"memory MiB: at start {start_rss}, peak (VmHWM) {peak}, RSS after each tenth {r['memory']}")


if __name__ == "__main__":
    main()

"""The story desk under load: requests per second and latency of `storyline serve`.

Builds (once, cached) a store from Timeline17 topics, starts `storyline serve STORE --port 0`
in its own process (one uvicorn worker, as users run it), and sends a fixed number of requests
on loopback from this process with httpx's async client, at most CONCURRENCY at a time:

- the story page (``/stories/ID``) of the story with the most articles, and of a median one;
- the search API (``/api/search?q=...``), cycling through a few words of the topics.

It prints, per scenario, requests/s, p50/p95/p99 latency and errors, as a Markdown table.
The first request for a page is also timed alone (``cold``: read from SQLite and rendered;
later requests for it are rendered from the assembled story, which is cached per store version).

    python bench/serve.py                       # mj + egypt, 2000 requests, 50 and 200 at once
    python bench/serve.py --topics mj --requests 500 --concurrency 50
    python bench/serve.py --store out           # an existing build instead

The acceptance check of issue 7 is p95 under 200 ms for the story page at 50 concurrent requests.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

import httpx

ROOT = Path(__file__).resolve().parents[1]
T17 = Path(os.environ.get("STORYLINE_T17", "/work/shared/data/t17"))
CACHE = Path(os.environ.get("STORYLINE_BENCH_CACHE", "/tmp/storyline-bench-serve"))
STORYLINE = str(Path(sys.executable).parent / "storyline")
QUERIES = ["Jackson", "Mubarak", "Tahrir square", "doctor propofol", "protesters Cairo", "Murray", "police",
           "army", "trial", "Neverland", "Suleiman", "internet"]


def build_store(topics: list[str], limit: int) -> tuple[Path, int]:
    """A store of the first ``limit`` articles of each topic (cached under CACHE)."""
    directory = CACHE / f"{'-'.join(topics)}-{limit}"
    store = directory / "store"
    inputs = directory / "articles.jsonl"
    if not (store / "storyline.db").is_file():
        directory.mkdir(parents=True, exist_ok=True)
        with inputs.open("w", encoding="utf-8") as out:
            for topic in topics:
                with gzip.open(T17 / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
                    for number, line in enumerate(lines):
                        if number >= limit:
                            break
                        out.write(line)
        print(f"building {store} (about 5 articles/s) ...", file=sys.stderr)
        subprocess.run([STORYLINE, "build", str(inputs), "--jsonl-fields", "published=time", "--out", str(store),
                        "--quiet"], check=True)
    articles = sum(1 for _ in inputs.open(encoding="utf-8")) if inputs.is_file() else 0
    return store, articles


def start_server(store: Path) -> tuple[subprocess.Popen, str, float]:
    started = time.perf_counter()
    process = subprocess.Popen([STORYLINE, "serve", str(store), "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    address = re.search(r"http://\S+/", line)
    if not address:
        process.kill()
        raise SystemExit(f"storyline serve did not start: {line}{process.stderr.read()}")
    return process, address.group(0).rstrip("/"), time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def load(base: str, paths: list[str], requests: int, concurrency: int) -> dict:
    """Send ``requests`` GETs (cycling through ``paths``) over ``concurrency`` keep-alive
    connections, each waiting for its answer before it sends the next: at most
    ``concurrency`` requests at once. A bare HTTP/1.1 client on asyncio streams: httpx's async
    client costs about 5 ms of CPU a request here, more than the server, and would measure itself."""
    url = httpx.URL(base)
    counter = iter(range(requests))
    latencies: list[float] = []
    sizes: list[int] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(url.host, url.port)
        try:
            for number in counter:
                path = paths[number % len(paths)]
                started = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {url.host}:{url.port}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                body = await reader.readexactly(int(length.group(1))) if length else b""
                latencies.append(time.perf_counter() - started)
                sizes.append(len(body))
                errors += head[9:12] != b"200" or not length
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    return _summary(latencies, sizes, errors, requests, concurrency, seconds)


async def load_httpx(base: str, paths: list[str], requests: int, concurrency: int) -> dict:
    """As ``load``, with httpx's async client (``--client httpx``)."""
    latencies: list[float] = []
    sizes: list[int] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        counter = iter(range(requests))

        async def worker() -> None:
            nonlocal errors
            for number in counter:
                started = time.perf_counter()
                try:
                    response = await client.get(paths[number % len(paths)])
                    ok = response.status_code == 200
                    sizes.append(len(response.content))
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return _summary(latencies, sizes, errors, requests, concurrency, seconds)


def _summary(latencies, sizes, errors, requests, concurrency, seconds) -> dict:
    return {"requests": requests, "concurrency": concurrency, "seconds": seconds, "rps": requests / seconds,
            "p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000, "errors": errors,
            "kb": statistics.mean(sizes) / 1024 if sizes else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an existing build folder (default: build one from Timeline17)")
    parser.add_argument("--topics", default="mj,egypt", help="Timeline17 topics to build from (default mj,egypt)")
    parser.add_argument("--limit", type=int, default=1000, help="at most this many articles per topic")
    parser.add_argument("--requests", type=int, default=2000, help="requests per scenario")
    parser.add_argument("--concurrency", default="50,200", help="requests at once, comma-separated")
    parser.add_argument("--client", choices=("asyncio", "httpx"), default="asyncio",
                        help="load generator: a bare asyncio HTTP/1.1 client (default) or httpx's async client")
    args = parser.parse_args()

    if args.store:
        store, articles = args.store, None
    else:
        store, articles = build_store(args.topics.split(","), args.limit)
    process, base, startup = start_server(store)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            stories = client.get("/api/stories").json()
            by_size = sorted(stories, key=lambda story: story["article_count"], reverse=True)
            largest, median = by_size[0], by_size[len(by_size) // 2]
            total = articles or sum(story["article_count"] for story in stories)
            print(f"store {store}: {total} articles, {len(stories)} stories; server up in {startup:.2f} s "
                  f"(search index built at start)")
            cold = {}
            for name, story in (("largest", largest), ("median", median)):
                started = time.perf_counter()
                client.get(f"/stories/{story['id']}").raise_for_status()
                cold[name] = (time.perf_counter() - started) * 1000
                print(f"{name} story {story['id']}: {story['article_count']} articles, {story['entry_count']} "
                      f"timeline dates; first request (cold) {cold[name]:.0f} ms")
            started = time.perf_counter()
            client.get("/api/search", params={"q": "Jackson"}).raise_for_status()
            print(f"first search request {1000 * (time.perf_counter() - started):.1f} ms")
        scenarios = [
            ("story page, largest story", [f"/stories/{largest['id']}"]),
            ("story page, median story", [f"/stories/{median['id']}"]),
            ("search API", [f"/api/search?q={quote_plus(q)}" for q in QUERIES]),
        ]
        run = load if args.client == "asyncio" else load_httpx
        rows = []
        for concurrency in [int(c) for c in args.concurrency.split(",")]:
            for name, paths in scenarios:
                asyncio.run(run(base, paths, min(200, args.requests), concurrency))  # warm up
                result = asyncio.run(run(base, paths, args.requests, concurrency))
                rows.append((name, result))
                print(f"{name:28s} c={concurrency:<4d} {result['rps']:7.0f} req/s  p50 {result['p50']:6.1f} ms  "
                      f"p95 {result['p95']:6.1f} ms  p99 {result['p99']:6.1f} ms  errors {result['errors']}  "
                      f"{result['kb']:.0f} KB", flush=True)
        print()
        print("| scenario | concurrent | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | response KB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {r['concurrency']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | "
                  f"{r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | {r['kb']:.0f} |")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()

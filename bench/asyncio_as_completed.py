"""CPython's asyncio.as_completed on the benchmark's workloads, for `npm run bench`.

Usage: python3 bench/asyncio_as_completed.py WORKLOAD:N[:RUNS] ...
Prints one JSON object per line: {"workload", "n", "runs", "median_ms"}.

The shapes match the JavaScript workloads:
  sync      coroutines that return at once (as `of(i)`: work that finishes when started)
  timers    coroutines sleeping a scattered 0..19 ms (as `timer((i * 7919) % 20)`)
  promises  futures already resolved (as `Promise.resolve(i)`)
"""

import asyncio
import gc
import json
import statistics
import sys
import time


async def returns_at_once(i):
    return i


async def sleeps_scattered(i):
    await asyncio.sleep(((i * 7919) % 20) / 1000)
    return i


def make_inputs(workload, n, loop):
    if workload == "sync":
        return [returns_at_once(i) for i in range(n)]
    if workload == "timers":
        return [sleeps_scattered(i) for i in range(n)]
    if workload == "promises":
        futures = [loop.create_future() for _ in range(n)]
        for i, future in enumerate(futures):
            future.set_result(i)
        return futures
    raise ValueError(f"unknown workload {workload!r}")


async def consume(workload, n):
    """Times making the inputs and consuming every result in completion order, as the JS contenders do."""
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    inputs = make_inputs(workload, n, loop)
    received = 0
    for next_result in asyncio.as_completed(inputs):
        await next_result
        received += 1
    elapsed = time.perf_counter() - start
    if received != n:
        raise RuntimeError(f"{workload} N={n}: received {received} results")
    return elapsed * 1000


def main(specs):
    for spec in specs:
        workload, n, *rest = spec.split(":")
        n = int(n)
        runs = int(rest[0]) if rest else 3
        samples = []
        for _ in range(runs):
            gc.collect()
            samples.append(asyncio.run(consume(workload, n)))
        print(json.dumps({"workload": workload, "n": n, "runs": runs, "median_ms": statistics.median(samples)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

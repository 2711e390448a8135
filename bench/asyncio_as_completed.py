"""CPython's asyncio.as_completed on the shapes of work the Node benchmark runs, timed per input.

Usage: python3 bench/asyncio_as_completed.py --sizes 1000,10000 --repeats 3

Prints one JSON object per line: {"workload", "n", "median_ms", "ns_per_input"}. The inputs are made
before the clock starts (as the Node benchmark builds its inputs once); the clock covers
as_completed itself and consuming every result, which is what subscribing to asCompleted covers.
"""

import argparse
import asyncio
import json
import statistics
import time

# The Node benchmark's scattered inputs complete after (i * 7919) % SPREAD_MS milliseconds.
SPREAD_MS = 10


async def immediate(i):
    return i


async def later(i, delay):
    await asyncio.sleep(delay)
    return i


def coroutines_returning_at_once(n):
    """The counterpart of N synchronous inputs: coroutines that return without awaiting."""
    return [immediate(i) for i in range(n)]


def resolved_futures(n):
    """The counterpart of N resolved Promises: futures that are already done."""
    loop = asyncio.get_running_loop()
    futures = []
    for i in range(n):
        future = loop.create_future()
        future.set_result(i)
        futures.append(future)
    return futures


def scattered_sleeps(n):
    """The counterpart of N inputs completing at scattered times on a real timer."""
    return [later(i, (i * 7919) % SPREAD_MS / 1000) for i in range(n)]


WORKLOADS = {
    "sync": coroutines_returning_at_once,
    "promise": resolved_futures,
    # An input factory is asyncio's coroutine: work that starts when as_completed schedules it.
    "factory": coroutines_returning_at_once,
    "scattered": scattered_sleeps,
}


async def time_once(make_inputs, n):
    inputs = make_inputs(n)
    received = 0
    start = time.perf_counter_ns()
    for next_result in asyncio.as_completed(inputs):
        await next_result
        received += 1
    elapsed = time.perf_counter_ns() - start
    if received != n:
        raise RuntimeError(f"expected {n} results, got {received}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", required=True, help="comma-separated input counts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    for workload in args.workloads.split(","):
        for n in sizes:
            samples = [asyncio.run(time_once(WORKLOADS[workload], n)) for _ in range(args.repeats)]
            median = statistics.median(samples)
            print(
                json.dumps(
                    {"workload": workload, "n": n, "median_ms": median / 1e6, "ns_per_input": median / n}
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()

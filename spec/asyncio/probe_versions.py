#!/usr/bin/env python3
"""Probes the asyncio.as_completed behaviours that the replayed scenarios cannot show, on the running Python.

    for python in python3.8 python3.9 ... python3.13; do $python spec/asyncio/probe_versions.py; done

docs/asyncio-parity.md quotes its output. Runs on the virtual clock of record.py (one unit = 1 ms);
standard library only, Python 3.8 or later.
"""

import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record import VirtualClockLoop  # noqa: E402


async def pending_after_timeout(loop):
    future = loop.create_future()
    for awaitable in asyncio.as_completed([future], timeout=5):
        try:
            await awaitable
        except asyncio.TimeoutError:
            pass
    return 'cancelled' if future.cancelled() else 'still pending' if not future.done() else 'done'


async def timeout_errors_per_pending_await(loop):
    futures = [loop.create_future(), loop.create_future(), loop.create_future()]
    raised = 0
    for awaitable in asyncio.as_completed(futures, timeout=5):
        try:
            await awaitable
        except asyncio.TimeoutError:
            raised += 1
    return f'{raised} for 3 pending inputs'


async def clock_start(loop):
    future = loop.create_future()
    loop.call_later(15, future.set_result, 'late')
    iterator = asyncio.as_completed([future], timeout=10)
    await asyncio.sleep(8)  # the call at 0, the first next() at 8; the input settles at 15
    try:
        for awaitable in iterator:
            await awaitable
        return 'at the first next()'
    except asyncio.TimeoutError:
        return 'at the call'


async def deduplication(loop):
    future = loop.create_future()
    future.set_result('same')
    return f'{len(list(asyncio.as_completed([future, future])))} result for [f, f]'


async def generator_input(loop):
    future = loop.create_future()
    future.set_result('g')
    try:
        results = [await awaitable for awaitable in asyncio.as_completed(f for f in [future])]
        return f'accepted: {results}'
    except TypeError as error:
        return f'TypeError: {error}'


async def consumer_cancelled(loop):
    future = loop.create_future()

    async def consumer():
        for awaitable in asyncio.as_completed([future]):
            await awaitable

    task = loop.create_task(consumer())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
        return 'not cancelled'
    except asyncio.CancelledError:
        return 'CancelledError; the input is ' + ('cancelled' if future.cancelled() else 'still pending')


async def async_for(loop):
    task = loop.create_task(asyncio.sleep(1, 'x'))
    try:
        yielded = [awaitable async for awaitable in asyncio.as_completed([task])]
    except TypeError:
        await task
        return 'not supported (TypeError)'
    pending = [loop.create_future(), loop.create_future()]
    raised = 0
    try:
        async for _ in asyncio.as_completed(pending, timeout=5):
            pass
    except asyncio.TimeoutError:
        raised += 1
    return f'yields the original task: {yielded[0] is task}; one TimeoutError for 2 pending: {raised == 1}'


async def coroutine_start(loop):
    started = []

    async def work():
        started.append(True)
        return 'w'

    iterator = asyncio.as_completed([work()])
    await asyncio.sleep(1)  # a turn of the loop between the call and the first next()
    if started:
        return 'at the call'
    for awaitable in iterator:
        await awaitable
    return 'at the first next()' if started else 'never'


async def empty_input(loop):
    started = loop.time()
    count = len([await awaitable for awaitable in asyncio.as_completed([], timeout=5)])
    return f'{count} items, done after {loop.time() - started} ms'


PROBES = [
    pending_after_timeout,
    timeout_errors_per_pending_await,
    clock_start,
    deduplication,
    generator_input,
    consumer_cancelled,
    async_for,
    coroutine_start,
    empty_input,
]


def main():
    print(f'Python {sys.version.split()[0]}')
    for probe in PROBES:
        loop = VirtualClockLoop()
        try:
            print(f'  {probe.__name__}: {loop.run_until_complete(probe(loop))}')
        finally:
            loop.close()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Records what CPython's real asyncio.as_completed does on every conformance scenario.

Each scenario runs under an event loop whose clock moves only when the loop would sleep, so any
scenario runs in milliseconds of real time and every time is an exact integer (one unit = one
millisecond = one frame of the rxjs TestScheduler). The consumer awaits every item of the iterator
inside try/except and records what it gave (value, error or TimeoutError) and when.

    python3 spec/asyncio/record.py             # rewrites spec/asyncio/fixtures/*.json
    python3 spec/asyncio/record.py --out DIR   # writes the fixtures to DIR instead
    python3 spec/asyncio/record.py --check     # re-records into a temp dir, compares with the committed ones

Standard library only; CPython 3.11 or later.

A scenario (JSON, one-to-one with marbles):
    {"name": str, "timeout": int | null, "start": int (optional, default 0), "inputs": [input, ...]}
where an input is one of
    {"at": t, "value": "a"}     settles with "a" at frame t          marble  ---(a|)
    {"at": t, "error": "x"}     fails with error "x" at frame t      marble  ---#
    {"done": true, "value": "a"} already finished before the call    of('a')
    {"done": true, "error": "x"} already failed before the call      throwError(() => x)
    {"never": true}             never settles                        marble  -
    {"sameAs": k}               the very same future as input k (asyncio's set() de-duplicates it)
"start" is the frame at which the consumer starts iterating (its first next()); inputs are
created and scheduled at frame 0, when as_completed is called.
"""

import argparse
import asyncio
import json
import os
import selectors
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures')
RANDOM_SEED = 20260125
RANDOM_COUNT = 1200


# --------------------------------------------------------------------------------------------
# The virtual clock


class LoopWouldHang(Exception):
    """The loop has nothing ready and no timer: real asyncio would wait forever."""


class VirtualClock:
    def __init__(self):
        self.now = 0


class VirtualSelector(selectors.BaseSelector):
    """Polls the real selector without waiting; a wait of `timeout` moves the virtual clock instead."""

    def __init__(self, clock):
        self._clock = clock
        self._real = selectors.DefaultSelector()

    def register(self, fileobj, events, data=None):
        return self._real.register(fileobj, events, data)

    def unregister(self, fileobj):
        return self._real.unregister(fileobj)

    def modify(self, fileobj, events, data=None):
        return self._real.modify(fileobj, events, data)

    def get_map(self):
        return self._real.get_map()

    def close(self):
        self._real.close()

    def select(self, timeout=None):
        events = self._real.select(0)
        if events:
            return events
        if timeout is None:
            raise LoopWouldHang()
        self._clock.now += timeout
        return []


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual_clock = VirtualClock()
        super().__init__(VirtualSelector(self._virtual_clock))

    def time(self):
        return self._virtual_clock.now


# --------------------------------------------------------------------------------------------
# Running one scenario


class Settled:
    """What an input's future holds: its index tells the recorder which input came out."""

    def __init__(self, index, value):
        self.index = index
        self.value = value


class ScenarioError(Exception):
    def __init__(self, index, label):
        super().__init__(label)
        self.index = index
        self.label = label


def settle(future, index, spec):
    if 'error' in spec:
        future.set_exception(ScenarioError(index, spec['error']))
    else:
        future.set_result(Settled(index, spec['value']))


def check_scenario(scenario):
    start = scenario.get('start', 0)
    for index, spec in enumerate(scenario['inputs']):
        if 'sameAs' in spec:
            target = spec['sameAs']
            if not (0 <= target < index and 'sameAs' not in scenario['inputs'][target]):
                raise ValueError(f"{scenario['name']}: input {index}: sameAs must name an earlier original input")
        elif start and spec.get('at') == start:
            raise ValueError(f"{scenario['name']}: input {index} settles on the start frame, an asyncio race")


async def consume(loop, scenario, records, futures):
    origin = loop.time()
    for index, spec in enumerate(scenario['inputs']):
        if 'sameAs' in spec:
            futures.append(futures[spec['sameAs']])
            continue
        future = loop.create_future()
        futures.append(future)
        if spec.get('done'):
            settle(future, index, spec)
        elif 'at' in spec:
            loop.call_at(origin + spec['at'], settle, future, index, spec)
    iterator = asyncio.as_completed(futures, timeout=scenario['timeout'])
    start = scenario.get('start', 0)
    if start:
        await asyncio.sleep(start)
    for awaitable in iterator:
        try:
            settled = await awaitable
            records.append({'t': loop.time() - origin, 'index': settled.index, 'value': settled.value})
        except ScenarioError as error:
            records.append({'t': loop.time() - origin, 'index': error.index, 'error': error.label})
        except asyncio.TimeoutError:
            records.append({'t': loop.time() - origin, 'timeout': True})
    return loop.time() - origin


def record_order_rank(scenario, record):
    """Records of one frame come out: inputs finished before iteration began, then timed ones, then timeouts."""
    if record.get('timeout'):
        return 2
    spec = scenario['inputs'][record['index']]
    return 0 if spec.get('done') or spec.get('at', 0) < scenario.get('start', 0) else 1


def run_scenario(scenario):
    check_scenario(scenario)
    loop = VirtualClockLoop()
    records = []
    futures = []
    try:
        task = loop.create_task(consume(loop, scenario, records, futures))
        try:
            end = {'t': loop.run_until_complete(task), 'state': 'exhausted'}
        except LoopWouldHang:
            end = {'t': loop.time(), 'state': 'hangs'}
            task.cancel()
            try:
                loop.run_until_complete(task)
            except (asyncio.CancelledError, LoopWouldHang):
                pass
    finally:
        for future in futures:
            if future.done():
                future.exception()  # inputs that lost to the deadline: nobody asked, and that is expected
        loop.close()
    # Within one frame asyncio's order is set order (done inputs) or timer-heap order (inputs settling
    # on one tick): not part of its contract, and set order changes from run to run. The replay compares
    # those groups unordered, so the fixture lists each group by input index, which keeps it stable.
    # The order of the groups themselves is asyncio's and is checked here.
    keys = [(r['t'], record_order_rank(scenario, r)) for r in records]
    if keys != sorted(keys):
        raise AssertionError(f"{scenario['name']}: records not in frame/group order: {records}")
    records.sort(key=lambda r: (r['t'], record_order_rank(scenario, r), r.get('index', 0)))
    return {'records': records, 'end': end}


# --------------------------------------------------------------------------------------------
# The corpora


def value(at, v):
    return {'at': at, 'value': v}


def error(at, e):
    return {'at': at, 'error': e}


def done_value(v):
    return {'done': True, 'value': v}


def done_error(e):
    return {'done': True, 'error': e}


NEVER = {'never': True}


def hand_written():
    s = []

    def add(name, inputs, timeout=None, **extra):
        s.append({'name': name, 'timeout': timeout, 'inputs': inputs, **extra})

    add('results come out in completion order, not input order', [value(5, 'a'), value(2, 'b'), value(8, 'c')])
    add('an error midway: results before it, the error at its frame, results after it',
        [value(2, 'a'), error(4, 'x'), value(6, 'b')])
    add('an error first', [error(1, 'x'), value(3, 'a')])
    add('an error last', [value(1, 'a'), value(2, 'b'), error(7, 'x')])
    add('all inputs fail', [error(3, 'x'), error(1, 'y'), error(5, 'z')])
    add('all inputs already failed before the call', [done_error('x'), done_error('y')])
    add('the deadline before any completion', [value(5, 'a'), value(9, 'b')], timeout=3)
    add('the deadline between completions', [value(2, 'a'), value(6, 'b'), value(9, 'c')], timeout=4)
    add('the deadline after every completion is never reached', [value(2, 'a'), value(4, 'b')], timeout=10)
    add('a completion at exactly the deadline loses to it', [value(2, 'a'), value(5, 'b')], timeout=5)
    add('an error at exactly the deadline loses to it', [value(2, 'a'), error(5, 'x')], timeout=5)
    add('a completion one frame before the deadline wins', [value(4, 'a'), value(5, 'b')], timeout=5)
    add('TimeoutError once for each pending input', [value(1, 'a'), NEVER, value(9, 'b'), NEVER], timeout=3)
    add('an error before the deadline, then the deadline', [error(1, 'x'), value(2, 'a'), NEVER], timeout=4)
    add('timeout 0: inputs already finished are delivered, then the timeout',
        [done_value('a'), value(0, 'b'), done_error('x'), value(3, 'c')], timeout=0)
    add('timeout 0 with every input already finished', [done_value('a'), done_value('b')], timeout=0)
    add('timeout 0: an input settling on frame 0 loses', [value(0, 'a')], timeout=0)
    add('negative timeout: inputs already finished are delivered, then the timeout',
        [done_value('a'), value(1, 'b'), done_value('c')], timeout=-5)
    add('negative timeout with nothing finished', [value(1, 'a'), value(2, 'b')], timeout=-1)
    add('empty input completes at once', [])
    add('empty input with a timeout completes at once, no timeout', [], timeout=5)
    add('empty input with timeout 0 completes at once', [], timeout=0)
    add('no timeout: waits as long as it takes', [value(1, 'a'), value(100000, 'b')])
    add('no timeout and an input that never settles: waits forever', [value(1, 'a'), NEVER])
    add('inputs settling on one tick come out on that frame', [value(3, 'a'), value(3, 'b'), value(3, 'c')])
    add('inputs already finished come out first, on frame 0',
        [value(2, 'a'), done_value('b'), done_value('c'), value(1, 'd')])
    add('already finished and settling on frame 0: all on frame 0', [value(0, 'a'), done_value('b')])
    add('an error among inputs settling on one tick', [value(3, 'a'), error(3, 'x'), value(3, 'b')])
    add('an error among inputs already finished', [done_value('a'), done_error('x'), done_value('b')])
    add('one input', [value(7, 'a')], timeout=8)
    add('one input that never settles times out', [NEVER], timeout=6)
    add('the same future twice: asyncio de-duplicates it, ours keeps both',
        [value(3, 'a'), {'sameAs': 0}, value(5, 'b')])
    add('the same future twice, timed out: one TimeoutError for it in asyncio',
        [value(1, 'a'), NEVER, {'sameAs': 1}], timeout=4)
    # 3.13 made as_completed an iterator object whose clock starts at the call.
    add('the clock starts at the first next(), not at the call (3.8 to 3.12)',
        [value(2, 'a'), value(6, 'b'), value(9, 'c')], timeout=5, start=3, python='<3.13')
    return s


def cpython_tests():
    """The scenarios of CPython's test_as_completed* tests (Lib/test/test_asyncio/test_tasks.py), restated.

    CPython's tests use seconds; here one frame is one millisecond. Coroutines that return at once
    become inputs settling on frame 0 (ensure_future wraps them in tasks that run on the next tick).
    """
    s = []

    def add(name, inputs, timeout=None, **extra):
        s.append({'name': name, 'timeout': timeout, 'inputs': inputs, **extra})

    add('test_as_completed: sleepers of 0.01 s, 0.01 s and 0.15 s given as [b, c, a]',
        [value(10, 'b'), value(150, 'c'), value(10, 'a')])
    add('test_as_completed_with_timeout: tasks of 0.1 s and 0.15 s, timeout 0.12 s',
        [value(100, 'a'), value(150, 'b')], timeout=120)
    add('test_as_completed_with_unused_timeout: a sleeper of 0.01 s, timeout 1 s', [value(10, 'a')], timeout=1000)
    add('test_as_completed_reverse_wait: sleepers of 0.05 s and 0.1 s', [value(50, 'a'), value(100, 'b')])
    add('test_as_completed_concurrent: two sleepers of 0.05 s', [value(50, 'a'), value(50, 'b')])
    add('test_as_completed_duplicate_coroutines: [c, c, spam] yields two results',
        [value(0, 'h'), {'sameAs': 0}, value(0, 's')])
    add('test_as_completed_coroutine_use_running_loop: one coroutine returning 42', [value(0, '4')])
    add('test_as_completed_resume_iterator (3.13): four coroutines returning at once',
        [value(0, '0'), value(0, '1'), value(0, '2'), value(0, '3')])
    add('test_as_completed_same_tasks_in_as_out (3.13): coroutines and tasks returning at once',
        [value(0, 'a'), value(0, 'b'), value(0, 'c'), value(0, 'd')])
    return s


class Mulberry32:
    """A tiny seeded generator, spelled out so the corpus is the same on every Python version."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next_u32(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 15)) * (z | 1)) & 0xFFFFFFFF
        z ^= (z + (((z ^ (z >> 7)) * (z | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return (z ^ (z >> 14)) & 0xFFFFFFFF

    def below(self, n):
        return self.next_u32() % n

    def chance(self, percent):
        return self.below(100) < percent


def random_scenarios(seed=RANDOM_SEED, count=RANDOM_COUNT):
    rng = Mulberry32(seed)
    letters = 'abcdefghijklmnopqrstuvwxyz'
    scenarios = []
    for number in range(count):
        size = rng.below(11)
        timeout_kind = rng.below(100)
        has_timeout = timeout_kind >= 15
        inputs = []
        for index in range(size):
            roll = rng.below(100)
            v = letters[rng.below(len(letters))]
            e = 'e' + str(index)
            if roll < 10:
                inputs.append(done_value(v))
            elif roll < 15:
                inputs.append(done_error(e))
            elif roll < 65:
                inputs.append(value(rng.below(13), v))
            elif roll < 85:
                inputs.append(error(rng.below(13), e))
            elif has_timeout or rng.chance(20):
                inputs.append(NEVER)
            else:
                inputs.append(value(rng.below(13), v))
        settle_times = [spec['at'] for spec in inputs if 'at' in spec]
        if not has_timeout:
            timeout = None
        elif timeout_kind < 23:
            timeout = 0
        elif timeout_kind < 30:
            timeout = -1 - rng.below(5)
        elif timeout_kind < 60 and settle_times:
            timeout = settle_times[rng.below(len(settle_times))]  # a tie with a completion
        else:
            timeout = 1 + rng.below(15)
        scenarios.append({'name': f'random #{number}', 'timeout': timeout, 'inputs': inputs})
    return scenarios


CORPORA = {
    'hand-written': hand_written,
    'cpython-tests': cpython_tests,
    'random': random_scenarios,
}


def python_version():
    return {
        'implementation': sys.implementation.name,
        'version': '.'.join(str(part) for part in sys.version_info[:3]),
    }


def runs_here(scenario):
    """Whether this Python is one the scenario holds for ("python": "<3.13" marks version-specific ones)."""
    bound = scenario.get('python')
    if bound is None:
        return True
    if not bound.startswith('<'):
        raise ValueError(f"{scenario['name']}: python must read <X.Y, not {bound}")
    return sys.version_info[:2] < tuple(int(part) for part in bound[1:].split('.'))


def record_corpus(name, strict=True):
    scenarios = CORPORA[name]()
    for scenario in scenarios:
        if runs_here(scenario):
            scenario['asyncio'] = run_scenario(scenario)
        elif strict:
            raise SystemExit(f"scenario '{scenario['name']}' holds for Python {scenario['python']} only;"
                             f" record the fixtures with such a Python (this is {sys.version.split()[0]})")
    fixture = {'corpus': name, 'python': python_version(), 'scenarios': scenarios}
    if name == 'random':
        fixture['seed'] = RANDOM_SEED
    return fixture


def fixture_text(fixture):
    # One scenario per line: readable diffs, small files.
    head = {key: fixture[key] for key in fixture if key != 'scenarios'}
    lines = [json.dumps(scenario, separators=(',', ':')) for scenario in fixture['scenarios']]
    body = ',\n    '.join(lines)
    head_text = json.dumps(head, indent=2)[:-2]
    return f'{head_text},\n  "scenarios": [\n    {body}\n  ]\n}}\n'


def write_fixtures(directory, strict=True):
    os.makedirs(directory, exist_ok=True)
    for name in CORPORA:
        with open(os.path.join(directory, f'{name}.json'), 'w', encoding='utf-8') as out:
            out.write(fixture_text(record_corpus(name, strict)))


def check_fixtures():
    """Re-records every corpus and compares it with the committed fixtures; returns the exit code."""
    failed = False
    here = python_version()
    with tempfile.TemporaryDirectory() as directory:
        write_fixtures(directory, strict=False)
        for name in CORPORA:
            path = os.path.join(FIXTURES, f'{name}.json')
            with open(path, encoding='utf-8') as committed_file:
                committed = json.load(committed_file)
            with open(os.path.join(directory, f'{name}.json'), encoding='utf-8') as fresh_file:
                fresh = json.load(fresh_file)
            pairs = list(zip(committed['scenarios'], fresh['scenarios']))
            skipped = [new['name'] for old, new in pairs if 'asyncio' not in new]
            differing = [(old, new) for old, new in pairs if 'asyncio' in new and old != new]
            for skipped_name in skipped:
                print(f"asyncio fixtures {name}: not compared here, holds for other Pythons: '{skipped_name}'")
            if len(committed['scenarios']) != len(fresh['scenarios']):
                differing.append(({'name': f'{len(committed["scenarios"])} scenarios'},
                                  {'name': f'{len(fresh["scenarios"])} scenarios'}))
            recorded_by = committed['python']
            if not differing:
                note = '' if recorded_by == here else f' (recorded by {recorded_by["version"]}, same results)'
                compared = len(fresh['scenarios']) - len(skipped)
                print(f'asyncio fixtures {name}: {compared} scenarios re-recorded, all match{note}')
                continue
            failed = True
            print(f'asyncio fixtures {name}: {len(differing)} scenarios differ from the committed fixture',
                  file=sys.stderr)
            if recorded_by != here:
                print(f'  The fixture was recorded by {recorded_by["implementation"]} {recorded_by["version"]};'
                      f' this is {here["implementation"]} {here["version"]}: asyncio.as_completed behaves'
                      f' differently here. Compare with docs/asyncio-parity.md before re-recording'
                      f' (npm run record:asyncio).', file=sys.stderr)
            else:
                print('  Same Python version: the fixtures are stale or were edited by hand;'
                      ' re-record with npm run record:asyncio.', file=sys.stderr)
            for old, new in differing[:5]:
                print(f'  committed: {json.dumps(old)}\n  recorded:  {json.dumps(new)}', file=sys.stderr)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default=FIXTURES, help='directory to write the fixtures to')
    parser.add_argument('--check', action='store_true', help='re-record and compare with the committed fixtures')
    args = parser.parse_args()
    if sys.version_info < (3, 11):
        print(f'record.py needs Python 3.11 or later; this is {sys.version.split()[0]}', file=sys.stderr)
        return 2
    if args.check:
        return check_fixtures()
    write_fixtures(args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())

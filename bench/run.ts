/**
 * `npm run bench`: asCompleted against what users write instead, every contender timed in this one
 * process so that the ratios hold on a busy machine; then CPython's asyncio.as_completed on the same
 * shapes of work, per input; then heap per pending input.
 *
 * Flags: --quick (N = 1000 only, few iterations: what CI runs), --sizes=1000,100000,
 * --workloads=sync,promise,factory,scattered,lazy-16,lazy-100,lazy-timers-16,lazy-timers-100,
 * --only=<text in a contender's name>, --no-python, --no-memory, --charts=<folder>, --no-charts,
 * --rewarm (after the garbage collection before each sample, one untimed run of the same contender),
 * --rounds=N (samples per size and workload). With BENCH_BASELINE (bench/contenders.ts), a column
 * divides each of this engine's rows by the same row of the baseline engine.
 * A full run (no --quick, --sizes or --only) redraws docs/charts/<workload>.svg; any other run draws
 * into a temporary folder unless --charts names one.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { from } from 'rxjs';
import { Bench } from 'tinybench';
import {
  AS_COMPLETED,
  baselineLabel,
  contenders,
  IDENTITY_FLOOR,
  NAMING_OPERATOR_FLOOR,
  OPERATOR_FLOOR,
  memoryContenders,
  MERGE_ALL,
  MERGE_MAP_LAST,
  MERGE_MAP_LAST_SHORT,
  FORK_AS_COMPLETED_CONCURRENT,
  neverInput,
  P_MAP,
  pendingInputs,
  pendingWorkContenders,
  type PendingWorkContender,
  workloads,
  type Input,
  type WorkloadName,
} from './contenders';
import { writeCharts } from './charts';

interface Settings {
  readonly sizes: number[];
  readonly workloads: WorkloadName[];
  readonly only: string | null;
  readonly python: boolean;
  readonly memory: boolean;
  readonly memoryN: number;
  readonly quick: boolean;
  /** Where the charts go; `null` for none. */
  readonly charts: string | null;
  /**
   * A full collection frees the hidden classes that only the last sample's objects used, and V8 drops
   * the optimised code built on them: without this, each sample pays for warming up again.
   */
  readonly rewarm: boolean;
  /** Rounds per size and workload instead of {@link roundsFor}'s, to narrow the spread of a comparison. */
  readonly rounds: number | null;
}

function readSettings(argv: string[]): Settings {
  const flag = (name: string): string | null => {
    const found = argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (found === undefined) return null;
    return found.includes('=') ? found.slice(found.indexOf('=') + 1) : '';
  };
  const known = [
    'quick',
    'sizes',
    'workloads',
    'only',
    'no-python',
    'no-memory',
    'charts',
    'no-charts',
    'rewarm',
    'rounds',
  ];
  const unknown = argv.filter(
    (arg) => !known.some((name) => arg === `--${name}` || arg.startsWith(`--${name}=`)),
  );
  if (unknown.length > 0)
    throw new Error(`unknown arguments: ${unknown.join(' ')}; see the head of bench/run.ts`);
  const quick = flag('quick') !== null || process.env.BENCH_QUICK === '1';
  const sizes = flag('sizes')?.split(',').map(Number) ?? (quick ? [1e3] : [1e3, 1e4, 1e5, 1e6]);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  const names = (flag('workloads')?.split(',') ?? Object.keys(workloads)) as WorkloadName[];
  for (const name of names) if (!(name in workloads)) throw new Error(`no workload named ${name}`);
  // A full run redraws the committed charts; a quick or narrowed one draws its own in a temporary
  // folder unless told where, so that its partial figures do not replace the committed ones.
  const rounds = flag('rounds') === null ? null : Number(flag('rounds'));
  if (rounds !== null && !(Number.isInteger(rounds) && rounds > 0))
    throw new Error('--rounds takes a positive integer');
  const narrowed = quick || flag('sizes') !== null || flag('only') !== null;
  const chartsFlag = flag('charts');
  const charts =
    flag('no-charts') !== null
      ? null
      : chartsFlag !== null && chartsFlag !== ''
        ? chartsFlag
        : narrowed
          ? join(os.tmpdir(), 'rxjs-as-completed-bench-charts')
          : 'docs/charts';
  return {
    charts,
    sizes,
    workloads: names,
    only: flag('only'),
    python: flag('no-python') === null,
    memory: flag('no-memory') === null,
    memoryN: quick ? 1e4 : 1e5,
    quick,
    rewarm: flag('rewarm') !== null,
    rounds,
  };
}

/**
 * Samples per contender, taken in rounds: each round times every contender in turn (starting with a
 * different one each round), so that a burst of load from elsewhere falls on all of them alike.
 */
function roundsFor(
  n: number,
  quick: boolean,
  slow: boolean,
): { rounds: number; iterations: number; warmupIterations: number } {
  if (quick) return { rounds: 1, iterations: 2, warmupIterations: 1 };
  if (slow) return { rounds: 3, iterations: 1, warmupIterations: 1 };
  if (n <= 1e4) return { rounds: 5, iterations: 2, warmupIterations: 3 };
  if (n <= 1e5) return { rounds: 7, iterations: 1, warmupIterations: 2 };
  return { rounds: 3, iterations: 1, warmupIterations: 1 };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
}

interface Row {
  readonly workload: WorkloadName;
  readonly n: number;
  readonly contender: string;
  readonly medianMs: number;
  readonly sameProcess: boolean;
}

async function timeNode(settings: Settings): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workloadName of settings.workloads) {
    const workload = workloads[workloadName];
    for (const n of settings.sizes) {
      const entrants = contenders.filter(
        (contender) =>
          (contender.maxN[workloadName] ?? 0) >= n &&
          (settings.only === null || contender.name.includes(settings.only)),
      );
      if (entrants.length === 0) continue;
      const inputs: Input[] = workload.makeInputs(n);
      const chosen = roundsFor(n, settings.quick, workload.slow === true);
      const { iterations, warmupIterations } = chosen;
      const rounds = settings.rounds ?? chosen.rounds;
      const concurrent = workload.concurrent ?? Infinity;
      const samples = new Map<string, number[]>(entrants.map((contender) => [contender.name, []]));
      process.stderr.write(
        `${workloadName} N=${n}: ${entrants.length} contenders, ${rounds} rounds (at ${(performance.now() / 1000).toFixed(0)} s)\n`,
      );
      for (let round = 0; round < rounds; round++) {
        const bench = new Bench({
          iterations,
          time: 0,
          warmup: round === 0,
          warmupIterations,
          warmupTime: 0,
          retainSamples: true,
          throws: true,
        });
        const start = round % entrants.length;
        for (const contender of [...entrants.slice(start), ...entrants.slice(0, start)]) {
          // Garbage left by the previous sample is collected outside the timed window, not charged to the next one.
          bench.add(contender.name, () => contender.run(inputs, concurrent), {
            beforeEach: settings.rewarm
              ? async () => {
                  collectGarbage();
                  await contender.run(inputs, concurrent);
                }
              : collectGarbage,
          });
        }
        await bench.run();
        for (const task of bench.tasks) {
          const result = task.result;
          if (result.state !== 'completed' || result.latency.samples === undefined) {
            throw new Error(`${task.name} on ${workloadName} N=${n}: ${result.state}`);
          }
          samples.get(task.name)!.push(...result.latency.samples);
        }
      }
      for (const [contender, taken] of samples) {
        rows.push({ workload: workloadName, n, contender, medianMs: median(taken), sameProcess: true });
      }
    }
  }
  return rows;
}

interface PythonResult {
  workload: WorkloadName;
  n: number;
  median_ms: number;
}

const PYTHON = 'asyncio.as_completed (CPython)';

/** CPython is capped at 1e5 inputs: asyncio makes a Task per coroutine, and 1e6 of them take half a minute a run. */
const PYTHON_MAX_N = 1e5;

/** The shapes of work bench/asyncio_as_completed.py has a coroutine for; asyncio has no concurrency limit of its own. */
const PYTHON_WORKLOADS: readonly WorkloadName[] = ['sync', 'promise', 'factory', 'scattered'];

function timePython(settings: Settings): { rows: Row[]; version: string | null } {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    process.stderr.write('python3 not found: asyncio.as_completed not measured\n');
    return { rows: [], version: null };
  }
  const sizes = settings.sizes.filter((n) => n <= PYTHON_MAX_N);
  const shapes = settings.workloads.filter((name) => PYTHON_WORKLOADS.includes(name));
  if (sizes.length === 0 || shapes.length === 0) return { rows: [], version: probe.stdout.trim() };
  process.stderr.write(`python: ${shapes.join(', ')} N=${sizes.join(', ')}\n`);
  const result = spawnSync(
    'python3',
    [
      'bench/asyncio_as_completed.py',
      `--sizes=${sizes.join(',')}`,
      `--repeats=${settings.quick ? 1 : 3}`,
      `--workloads=${shapes.join(',')}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`bench/asyncio_as_completed.py exited with ${result.status}`);
  const rows = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PythonResult)
    .map(({ workload, n, median_ms }) => ({
      workload,
      n,
      contender: PYTHON,
      medianMs: median_ms,
      sameProcess: false,
    }));
  return { rows, version: probe.stdout.trim() };
}

interface MemoryRow {
  readonly contender: string;
  readonly bytesPerPending: number;
  readonly retainedAfterUnsubscribe: number;
  readonly retainedAfterComplete: number;
}

/** Heap held by N pending inputs, and what is left once the output is unsubscribed or has completed. */
function measureMemory(n: number): MemoryRow[] {
  const pendingInputs: Input[] = new Array<Input>(n).fill(neverInput);
  const completingInputs = workloads.sync.makeInputs(n);
  // A first pass compiles the code paths, so that the measured pass finds no new code or feedback on the heap.
  for (const { operator } of memoryContenders) {
    from(pendingInputs.slice(0, 1000)).pipe(operator()).subscribe().unsubscribe();
    from(completingInputs.slice(0, 1000)).pipe(operator()).subscribe();
  }
  return memoryContenders.map(({ name, operator }) => {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    const pending = from(pendingInputs).pipe(operator()).subscribe();
    collectGarbage();
    const held = process.memoryUsage().heapUsed - baseline;
    pending.unsubscribe();
    collectGarbage();
    const retainedAfterUnsubscribe = process.memoryUsage().heapUsed - baseline;
    const completed = from(completingInputs).pipe(operator()).subscribe();
    collectGarbage();
    const retainedAfterComplete = process.memoryUsage().heapUsed - baseline;
    // The subscriptions stay referenced until here, as a caller's would: what they still hold is counted.
    if (!pending.closed || !completed.closed) throw new Error(`${name}: subscription still open`);
    return { contender: name, bytesPerPending: held / n, retainedAfterUnsubscribe, retainedAfterComplete };
  });
}

interface PendingWorkRow {
  readonly contender: string;
  readonly bytesPerInput: number;
}

/**
 * Heap per input of pending Promise work: N Promises all running, or N factories at concurrency 16
 * whose Promises never settle while measured (so N - 16 wait in the contender's queue, if it has one).
 */
async function measurePendingWork(n: number): Promise<PendingWorkRow[]> {
  const rows: PendingWorkRow[] = [];
  for (const contender of pendingWorkContenders) {
    // A first pass compiles the code paths, so that the measured pass finds no new code or feedback on the heap.
    heldPerInput(contender, 1000);
    await new Promise((resolve) => setImmediate(resolve));
    rows.push({ contender: contender.name, bytesPerInput: heldPerInput(contender, n) });
    // Lets the released work run on, so that its garbage is not counted against the next contender.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}

/**
 * Synchronous, so that nothing of one contender outlives its measure: an async caller keeps its locals
 * across an await, and what the previous contender held would be freed inside the next one's window.
 */
function heldPerInput(contender: PendingWorkContender, n: number): number {
  const { inputs, release } = pendingInputs(contender.inputs, n);
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  const held = contender.hold(inputs);
  collectGarbage();
  const bytes = process.memoryUsage().heapUsed - baseline;
  // Keeps what a caller would keep until the heap has been read.
  if (held === undefined) throw new Error(`${contender.name}: nothing held`);
  release();
  return bytes / n;
}

/** The column heading of the identity floor: a `.then` per input whose handlers capture its index. */
const IDENTITY_FLOOR_SHORT = 'floor';

const formatN = (n: number): string => {
  const exponent = Math.log10(n);
  return Number.isInteger(exponent) ? `1e${exponent}` : String(n);
};
const formatMs = (ms: number): string =>
  ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
const formatRatio = (ratio: number | null): string => (ratio === null ? '–' : `${ratio.toFixed(2)}×`);

function markdownTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (rightAligned[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function timingTable(rows: Row[]): string {
  const median = (workload: WorkloadName, n: number, contender: string): number | null =>
    rows.find(
      (row) => row.workload === workload && row.n === n && row.contender === contender && row.sameProcess,
    )?.medianMs ?? null;
  const ratio = (row: Row, baseline: string): number | null => {
    const base = median(row.workload, row.n, baseline);
    return row.sameProcess && base !== null ? row.medianMs / base : null;
  };
  const order = (row: Row): number => Object.keys(workloads).indexOf(row.workload) * 1e9 + row.n;
  const sorted = [...rows].sort((a, b) => order(a) - order(b));
  const header = [
    'workload',
    'N',
    'contender',
    'median ms',
    'ns/input',
    `÷ ${MERGE_MAP_LAST_SHORT}`,
    `÷ ${MERGE_ALL}`,
    `÷ ${IDENTITY_FLOOR_SHORT}`,
    `÷ ${P_MAP}`,
    `÷ ${baselineLabel ?? 'baseline'} same row`,
  ];
  const cells = sorted.map((row) => [
    row.workload,
    formatN(row.n),
    row.contender,
    formatMs(row.medianMs),
    ((row.medianMs * 1e6) / row.n).toFixed(0),
    formatRatio(ratio(row, MERGE_MAP_LAST)),
    formatRatio(ratio(row, MERGE_ALL)),
    formatRatio(ratio(row, IDENTITY_FLOOR)),
    formatRatio(ratio(row, P_MAP)),
    formatRatio(baselineLabel === null ? null : ratio(row, `${baselineLabel} ${row.contender}`)),
  ]);
  // A ratio column none of these rows has a baseline for is left out.
  const shown = header.map((_, column) => column < 5 || cells.some((row) => row[column] !== '–'));
  const pick = <T>(values: T[]): T[] => values.filter((_, column) => shown[column]);
  return markdownTable(
    pick(header),
    cells.map(pick),
    pick([false, true, false, true, true, true, true, true, true, true]),
  );
}

function memoryTable(rows: MemoryRow[]): string {
  const mergeAllBytes = rows.find((row) => row.contender === MERGE_ALL)?.bytesPerPending ?? null;
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  return markdownTable(
    [
      'contender',
      'heap per pending input',
      `÷ ${MERGE_ALL}`,
      'retained after unsubscribe',
      'retained after complete',
    ],
    rows.map((row) => [
      row.contender,
      `${row.bytesPerPending.toFixed(0)} B`,
      formatRatio(mergeAllBytes === null ? null : row.bytesPerPending / mergeAllBytes),
      kib(row.retainedAfterUnsubscribe),
      kib(row.retainedAfterComplete),
    ]),
    [false, true, true, true, true],
  );
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const memory = settings.memory ? measureMemory(settings.memoryN) : [];
  const pendingWork = settings.memory ? await measurePendingWork(settings.memoryN) : [];
  const nodeRows = await timeNode(settings);
  const python =
    settings.python && settings.only === null ? timePython(settings) : { rows: [], version: null };

  const cpus = os.cpus();
  const machine = `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`;
  console.log(machine + (python.version === null ? '' : `, ${python.version}`));
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')}`,
  );
  console.log('Medians; the ratios divide by the same N and workload in this same run. Lower is faster.');
  console.log(
    settings.rewarm
      ? 'Each sample: a full garbage collection, one untimed run of the same contender, then the timed run.'
      : 'Each sample: a full garbage collection, then the timed run.',
  );
  for (const workload of settings.workloads) console.log(`- ${workload}: ${workloads[workload].description}`);
  console.log('');
  console.log(timingTable([...nodeRows, ...python.rows]));
  console.log('');
  console.log(
    'Caps: rows with a deadline or concurrent stop at N = 1e5, to keep the run short. mergeMap and mergeAll ' +
      'stop at 1e4 on Promises and on scattered inputs: they remove each finished inner subscription from an ' +
      'array, quadratic while many are pending (seconds a run at 1e5). The scattered workload stops at 1e5 (a ' +
      'setInterval per input); the Promise.race loop at 1e3 (N²/2 reactions); CPython at 1e5, in its own ' +
      'process: compare it per input only. The floor is a .then per Promise whose two handlers capture the ' +
      "input's index, the least that tells results apart; on factories it calls each first, with one shared " +
      'signal. Factories stop at 1e5, their variants at 1e4, but for asCompleted() itself: on Node 20 an ' +
      'AbortSignal costs microseconds. CPython runs coroutines returning at once for both sync and factory. ' +
      'The lazy workloads give every contender the same concurrency; their 1 ms timers stop at 1e4 at ' +
      'concurrency 16 and 1e5 at 100 (N / concurrency waves of a millisecond or more).',
  );
  if (memory.length > 0) {
    console.log('');
    console.log(
      `Heap, N = ${formatN(settings.memoryN)} inputs that never complete (node --expose-gc, heapUsed):`,
    );
    console.log('');
    console.log(memoryTable(memory));
  }
  if (pendingWork.length > 0) {
    console.log('');
    console.log(
      `Heap per input of pending Promise work, N = ${formatN(settings.memoryN)} (the inputs themselves not counted):`,
    );
    console.log('');
    console.log(
      markdownTable(
        ['contender', 'heap per input'],
        pendingWork.map((row) => [row.contender, `${row.bytesPerInput.toFixed(0)} B`]),
        [false, true],
      ),
    );
  }
  if (settings.charts !== null) {
    const charts = settings.workloads.map((name) => ({
      name,
      description: workloads[name].description,
      points: [...nodeRows, ...python.rows].filter((row) => row.workload === name),
    }));
    const written = await writeCharts(charts, settings.charts, machine);
    console.log('');
    console.log(`Charts: ${written.join(', ')}`);
  }
  printTargets(nodeRows, python.rows, memory, settings);
}

/**
 * The performance targets, read off the tables above; the quick mode's single cold samples give no
 * verdict. A target whose rows this run did not measure (see --sizes, --workloads, --only) says so.
 */
function printTargets(rows: Row[], pythonRows: Row[], memory: MemoryRow[], settings: Settings): void {
  const find = (from: Row[], workload: WorkloadName, n: number, contender: string): Row | undefined =>
    from.find((row) => row.workload === workload && row.n === n && row.contender === contender);
  const verdict = (holds: boolean): string =>
    settings.quick ? 'no verdict in quick mode' : holds ? 'holds' : 'MISSES';
  const notMeasured = (target: string): void => console.log(`- ${target}: not measured in this run`);
  /** One line: numerator ÷ denominator against `bound` (at most, or at least). */
  const ratioTarget = (
    workload: WorkloadName,
    n: number,
    numerator: string,
    denominator: string,
    bound: { readonly atMost: number } | { readonly atLeast: number },
  ): void => {
    const label = `${numerator} ÷ ${denominator} on ${workload}, N = ${formatN(n)}`;
    const limit = 'atMost' in bound ? `≤ ${bound.atMost.toFixed(2)}` : `≥ ${bound.atLeast.toFixed(2)}`;
    const top = find(rows, workload, n, numerator);
    const bottom = find(rows, workload, n, denominator);
    if (top === undefined || bottom === undefined) return notMeasured(`${label} ${limit}`);
    const ratio = top.medianMs / bottom.medianMs;
    const holds = 'atMost' in bound ? ratio <= bound.atMost : ratio >= bound.atLeast;
    console.log(`- ${label} = ${ratio.toFixed(2)} (${limit}: ${verdict(holds)})`);
  };
  const syncN = settings.quick ? settings.sizes[0] : 1e5;
  const promiseSizes = settings.quick ? settings.sizes.slice(0, 1) : [1e5, 1e6];
  const pythonN = settings.quick ? settings.sizes[0] : 1e5;
  console.log('');
  console.log('Targets:');
  ratioTarget('sync', syncN, AS_COMPLETED, MERGE_MAP_LAST, { atMost: 0.35 });
  ratioTarget('sync', syncN, AS_COMPLETED, MERGE_ALL, { atMost: 0.8 });
  for (const n of promiseSizes) ratioTarget('promise', n, AS_COMPLETED, IDENTITY_FLOOR, { atMost: 1.5 });
  for (const n of promiseSizes) {
    const operatorFloor = find(rows, 'promise', n, OPERATOR_FLOOR);
    const floor = find(rows, 'promise', n, IDENTITY_FLOOR);
    const operator = find(rows, 'promise', n, AS_COMPLETED);
    if (operatorFloor === undefined || floor === undefined || operator === undefined) continue;
    console.log(
      `- ${OPERATOR_FLOOR} ÷ ${IDENTITY_FLOOR} on promise, N = ${formatN(n)} = ${(operatorFloor.medianMs / floor.medianMs).toFixed(2)}; ${AS_COMPLETED} ÷ ${OPERATOR_FLOOR} = ${(operator.medianMs / operatorFloor.medianMs).toFixed(2)} (no target: what rxjs alone costs, and the operator's own bookkeeping)`,
    );
    const namingFloor = find(rows, 'promise', n, NAMING_OPERATOR_FLOOR);
    if (namingFloor === undefined) continue;
    console.log(
      `- ${NAMING_OPERATOR_FLOOR} ÷ ${IDENTITY_FLOOR} on promise, N = ${formatN(n)} = ${(namingFloor.medianMs / floor.medianMs).toFixed(2)}; ${AS_COMPLETED} ÷ ${NAMING_OPERATOR_FLOOR} = ${(operator.medianMs / namingFloor.medianMs).toFixed(2)} (no target: the least an operator that names its inputs costs)`,
    );
  }
  const node = find(rows, 'promise', pythonN, AS_COMPLETED);
  const python = find(pythonRows, 'promise', pythonN, PYTHON);
  const pythonLabel = `${AS_COMPLETED} per input, times faster than ${PYTHON} on resolved Promises / futures, N = ${formatN(pythonN)}`;
  if (node === undefined || python === undefined) notMeasured(`${pythonLabel} ≥ 4.00`);
  else {
    const speedup = python.medianMs / node.medianMs;
    console.log(`- ${pythonLabel} = ${speedup.toFixed(2)} (≥ 4.00: ${verdict(speedup >= 4)})`);
  }
  for (const n of promiseSizes) {
    const factories = find(rows, 'factory', n, AS_COMPLETED);
    const floor = find(rows, 'factory', n, IDENTITY_FLOOR);
    if (factories === undefined || floor === undefined) continue;
    console.log(
      `- ${AS_COMPLETED} ÷ ${IDENTITY_FLOOR} on factory, N = ${formatN(n)} = ${(factories.medianMs / floor.medianMs).toFixed(2)} (no target: the operator makes an AbortController per input, the floor does not)`,
    );
  }
  for (const workload of settings.workloads) {
    const perInput = settings.sizes
      .map((n) => find(rows, workload, n, AS_COMPLETED))
      .filter((row): row is Row => row !== undefined)
      .map((row) => (row.medianMs * 1e6) / row.n);
    if (perInput.length < 2) continue;
    const growth = perInput[perInput.length - 1] / perInput[0];
    console.log(
      `- ${AS_COMPLETED} ns/input on ${workload}, smallest N to largest: ${perInput.map((ns) => ns.toFixed(0)).join(', ')} (largest N ÷ smallest N ${growth.toFixed(2)})`,
    );
  }
  const factorySizes = settings.quick ? settings.sizes.slice(0, 1) : [1e4, 1e5];
  const node20 = Number(process.versions.node.split('.')[0]) < 22;
  for (const workload of ['lazy-16', 'lazy-100'] as const) {
    for (const n of factorySizes) {
      ratioTarget(workload, n, FORK_AS_COMPLETED_CONCURRENT, P_MAP, { atMost: 1 });
    }
  }
  if (node20)
    console.log('  (the ≤ 1.00 × pMap target is for Node 22 and later; on Node 20, as close as it allows)');
  const mergeAllBytes = memory.find((row) => row.contender === MERGE_ALL)?.bytesPerPending;
  for (const row of memory) {
    if (mergeAllBytes === undefined || !row.contender.startsWith('asCompleted')) continue;
    const ratio = row.bytesPerPending / mergeAllBytes;
    console.log(
      `- ${row.contender} heap per pending input ÷ ${MERGE_ALL} = ${ratio.toFixed(2)} (≤ 1.25: ${verdict(ratio <= 1.25)})`,
    );
  }
  for (const row of memory.filter((row) => row.contender.startsWith('asCompleted'))) {
    const held = (row.bytesPerPending * settings.memoryN) / 1024;
    console.log(
      `- ${row.contender} retained after unsubscribe ${(row.retainedAfterUnsubscribe / 1024).toFixed(1)} KiB, ` +
        `after complete ${(row.retainedAfterComplete / 1024).toFixed(1)} KiB, of ${held.toFixed(0)} KiB held while pending`,
    );
  }
  console.log('- one timer per subscription whatever N: counted in spec/timers.spec.ts (npm test)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * What the front files of `rxjs-as-completed/rxjs9` change from those of the main entry: src/rxjs9/<file>
 * is src/<file> with these edits, made by `npm run generate:entries` (scripts/generate-entries.ts), which
 * also, in every file:
 *
 * - imports src/core as `../core/`, and names the package `rxjs-as-completed/rxjs9` in the JSDoc;
 * - drops the `import type ... from 'rxjs'`: rxjs 9 declares its types as globals (`Observable`,
 *   `ObservableValue`), which src/rxjs9/index.ts installs with `import 'rxjs'`;
 * - writes `OperatorFunction<A, B>` out as `(source: Observable<A>) => Observable<B>`, which rxjs 9 has no
 *   name for;
 * - puts, in place of the `@example` of a declaration `Name`, the file docs/code-blocks/rxjs9/examples/Name.ts
 *   where there is one (rxjs 9 pipes with `[pipe]`, makes Observables with `Observable.from`, and tests
 *   with `rxTest`); those files are type-checked against rxjs 9 by `npm run test:docs`.
 *
 * Each edit is the text of src/<file> to find, exactly once, and the text that replaces it: what is left
 * here is what truly differs between the two generations of rxjs. An edit that no longer finds its text
 * fails the generator, and so `npm run test:docs`.
 */
export type Edit = readonly [find: string, replace: string];

/** The files both entries share, in src/ and src/rxjs9/, by name. Every other file of src/rxjs9 is its own. */
export const FRONT_FILES = [
  'as-completed.ts',
  'as-completed-entries.ts',
  'as-completed-settled.ts',
  'fork-as-completed.ts',
  'fork-as-completed-snapshots.ts',
  'fixed-set.ts',
  'index.ts',
  'inputs.ts',
  'options.ts',
  'timeout-error.ts',
] as const;

/** The line that says how rxjs 9 pipes, added after the line `after` of an operator's summary. */
const pipeNote = (name: string, after: string): Edit => [
  `${after}\n`,
  `${after}\n * For rxjs 9: use it with \`source[pipe](${name}(...))\`.\n`,
];

const noScheduler: Edit = [
  '`timeout`, `each`, `signal`, `scheduler` and `concurrent`',
  '`timeout`, `each`, `signal` and `concurrent`',
];

export const EDITS: Readonly<Record<(typeof FRONT_FILES)[number], readonly Edit[]>> = {
  'as-completed.ts': [
    pipeNote(
      'asCompleted',
      ' * `asyncio.as_completed` yields them. One deadline covers the whole operation.',
    ),
    [
      ` * <span class="informal">Like \`mergeMap(input => from(input).pipe(last()))\`, with one subscription per
 * input and one total deadline.</span>`,
      ` * <span class="informal">Like \`source[mergeMap]((input) => Observable.from(input)[last]())\`, with one
 * subscription per input and one total deadline.</span>`,
    ],
    [' * - Inputs are anything `from` accepts', ' * - Inputs are anything `Observable.from` accepts'],
    [
      `   and the output errors with the signal's reason.\n`,
      `   and the output errors with the signal's reason.
 * - The output is made by the source's \`[create]\`, as rxjs 9's own operators make theirs: a cold
 *   source gives each subscriber its own run; subscribers of a platform Observable that join while
 *   it is active share its run, its inputs and its deadline.\n`,
    ],
    noScheduler,
  ],
  'as-completed-entries.ts': [
    pipeNote(
      'asCompletedEntries',
      " * source. As Python 3.13's `async for task in as_completed(tasks)` yields the original task.",
    ),
  ],
  'as-completed-settled.ts': [pipeNote('asCompletedSettled', ' * `await` in `try`/`except`.'), noScheduler],
  'fork-as-completed.ts': [
    [
      ` * hold. Named after \`forkJoin\`: it forks the same way, and instead of joining, it emits as completed.\n`,
      ` * hold. Named after \`forkJoin\`: it forks the same way, and instead of joining, it emits as completed.
 * Like rxjs 9's \`forkJoin\`, it returns a platform Observable: subscribers that join while it is
 * active share its run.\n`,
    ],
  ],
  'fork-as-completed-snapshots.ts': [
    [
      ` * \`pending\`, and whether the run is \`done\`: the latest snapshot is all a page needs to render.\n`,
      ` * \`pending\`, and whether the run is \`done\`: the latest snapshot is all a page needs to render.
 * Like rxjs 9's \`forkJoin\`, it returns a platform Observable: subscribers that join while it is
 * active share its run, and get its snapshots from the next one on, each of them the whole state.\n`,
    ],
  ],
  'fixed-set.ts': [],
  'index.ts': [
    [
      `export { asCompleted } from './as-completed.js';`,
      `// The entry for rxjs 9 (\`rxjs-as-completed/rxjs9\`): the same engine (src/core) as the main entry,
// under an adapter to the platform Observable. It imports \`rxjs\`, which installs the Observable
// polyfill and declares the global \`Observable\` types its signatures use.
import 'rxjs';

export { asCompleted } from './as-completed.js';`,
    ],
  ],
  'inputs.ts': [
    // The global types of rxjs 9 (ObservableValue) are declared by importing it.
    [`import type { ObservableInput, ObservedValueOf } from 'rxjs';`, `import 'rxjs';`],
    [
      'export type InputFactory<T> = (signal: AbortSignal) => ObservableInput<T> & NotAString;',
      'export type InputFactory<T> = (signal: AbortSignal) => ObservableValue<T>;',
    ],
    [
      ` * What the operators take as an input: anything \`from\` accepts (an Observable, a Promise, an array, an
 * iterable, an async iterable) but a string,`,
      ` * What the operators take as an input: anything \`Observable.from\` accepts (an Observable, a Promise,
 * an array, an iterable, an async iterable) but a string,`,
    ],
    [
      'export type AsCompletedInput<T> = (ObservableInput<T> & NotAString) | InputFactory<T>;',
      'export type AsCompletedInput<T> = (ObservableValue<T> & NotAString) | InputFactory<T>;',
    ],
    [
      ` * Keeps strings out: \`from\` reads a string as the iterable of its characters, which is never what an
 * input means here (a URL given instead of a request); a string has a \`charAt\`, no input type does.`,
      ` * Keeps strings out: a string is an iterable of its characters, which \`Observable.from\` refuses at run
 * time and which is never what an input means here (a URL given instead of a request); a string has
 * a \`charAt\`, no input type does.`,
    ],
    [
      `  readonly charAt?: never;\n}\n`,
      `  readonly charAt?: never;
}

/** The value type of an Observable, Promise, iterable or async iterable. */
type ObservedValueOf<I> = I extends ObservableValue<infer V> ? V : never;
`,
    ],
  ],
  'options.ts': [
    [
      ` * Options for {@link asCompleted}, {@link asCompletedSettled} and the \`forkAsCompleted\` creation functions.`,
      ` * Options for {@link asCompleted}, {@link asCompletedSettled} and the \`forkAsCompleted\` creation
 * functions of \`rxjs-as-completed/rxjs9\`. rxjs 9 has no schedulers: the deadline is measured by
 * \`Date.now()\` and \`setTimeout\`, which virtual-time tests (\`rxTest\` of \`@rxjs/test\`) replace.`,
    ],
    [
      `   * Milliseconds are elapsed time, on the scheduler's timer and a monotonic clock, so no step of the
   * wall clock moves them; a \`Date\` is a time on the scheduler's clock (the wall clock, by default).`,
      `   * Milliseconds are elapsed time, on the timer and \`performance.now()\`, so no step of the wall
   * clock moves them; a \`Date\` is a time on the wall clock.`,
    ],
    [
      `  /** The scheduler that measures the deadline. Defaults to \`asyncScheduler\`. */
  readonly scheduler?: SchedulerLike;\n`,
      '',
    ],
  ],
  'timeout-error.ts': [
    [' * completed. It is an rxjs `TimeoutError`,', ' * completed. It is an rxjs 9 `TimeoutError`,'],
    [
      "  /** The deadline, in the scheduler's clock (`scheduler.now()`): epoch milliseconds by default. */",
      '  /** The deadline on the clock of `Date.now()`: epoch milliseconds. */',
    ],
  ],
};

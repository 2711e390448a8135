import { mergeAll, of, Subject, type ObservableInput, type OperatorFunction } from 'rxjs';
import { asCompleted } from '../src';
import { timeoutError } from '../src/as-completed';
import { capture, instrument, outcomeOf, type Outcome } from './helpers/stack-overflow';

/** Calls `work` `depth` frames deeper than the caller. */
function atDepth(depth: number, work: () => void): void {
  if (depth === 0) work();
  else atDepth(depth - 1, work);
}

/** Calls `work` from a frame `extra` arguments bigger (8 bytes each on V8): the stack shifted by less than a frame. */
function shifted(extra: number, work: () => void): void {
  Reflect.apply(callWork, undefined, [work, ...new Array<undefined>(extra)]);
}
function callWork(work: () => void): void {
  work();
}

/**
 * Calls `work` `margin` frames up from where the stack ran out: recursion until it overflows, then back
 * up. What `work` throws goes to the caller.
 */
function nearTheEnd(margin: number, work: () => void): void {
  let unwound = 0;
  let called = false;
  const deeper = (): void => {
    try {
      deeper();
    } catch (error) {
      if (called || unwound++ < margin) throw error;
      called = true;
      work();
    }
  };
  deeper();
}

/** Inputs of each kind a source can carry: a cold Observable, and a thenable that settles at once. */
const inputs = {
  of: (value: number): ObservableInput<number> => of(value),
  thenable: (value: number): ObservableInput<number> =>
    ({ then: (onFulfilled: (value: number) => void) => onFulfilled(value) }) as PromiseLike<number>,
};

describe('a stack overflow in a delivery', () => {
  // What a coverage or mutation tool does to the operator: a call before each statement, any of which
  // can be the one the stack runs out in, in a `catch` as well (the overflow of `npm run mutate`'s dry
  // run, 'silent from depth 3', was a call Stryker put after `settle`'s `catch`). Each statement is made
  // to throw in turn, so every place is tried, whatever the layout of the frames puts it.
  describe('wherever the stack runs out in the operator', () => {
    /**
     * The stack runs out at the statement `site`, the first time it runs in the `level`-th nested
     * delivery (0: anywhere, from the subscription on); then nowhere else, everywhere at that level or
     * deeper, or once more, `then` statements later (in a `catch`, or after it).
     */
    interface Fault {
      readonly site: number;
      readonly level: number;
      readonly then: 'nowhere' | 'everywhere' | number;
    }

    // One error for every fault: what a run does with it does not depend on which one it is.
    const overflow = new RangeError('Maximum call stack size exceeded');
    let fault: Fault | null = null;
    let fired = false;
    let after = 0;
    let level = 0;
    /** The sites run at `recording` or deeper, when it is set. */
    const reached = new Set<number>();
    let recording = -1;
    const { operate, values, sites } = instrument((site) => {
      if (recording >= 0 && level >= recording) reached.add(site);
      if (fault === null || level < fault.level) return;
      if (!fired) {
        if (site !== fault.site) return;
        fired = true;
      } else if (fault.then === 'nowhere' || (fault.then !== 'everywhere' && ++after !== fault.then)) return;
      throw overflow;
    });

    /** A consumer that feeds the source an input from each delivery, four deliveries deep. */
    function feed(kind: keyof typeof inputs, timeout: number | undefined, injected: Fault | null): Outcome {
      fault = injected;
      fired = false;
      after = 0;
      level = 0;
      const channels = capture(({ errored }) => {
        const source = new Subject<ObservableInput<number>>();
        const operator = operate('asCompleted', timeout, () =>
          values(null, timeoutError),
        ) as OperatorFunction<ObservableInput<number>, number>;
        let fed = 0;
        source.pipe(operator).subscribe({
          next: () => {
            level++;
            try {
              if (fed < 4) source.next(inputs[kind](++fed));
            } finally {
              level--;
            }
          },
          error: (error: unknown) => errored.push(error),
        });
        source.next(inputs[kind](0));
      });
      fault = null;
      return outcomeOf(channels);
    }

    it.each([
      ['Observables, no deadline', 'of', undefined],
      ['Observables, a deadline', 'of', 60_000],
      ['thenables, no deadline (listened to without a record)', 'thenable', undefined],
      ['thenables, a deadline', 'thenable', 60_000],
    ] as const)(
      '%s: the RangeError errors the output, is reported, or is thrown to the caller, whatever statement it is thrown at',
      (_, kind, timeout) => {
        const unseen: string[] = [];
        for (const faultLevel of [0, 2]) {
          recording = faultLevel;
          reached.clear();
          expect(feed(kind, timeout, null)).toBe('silent');
          recording = -1;
          expect(reached.size).toBeGreaterThan(20);
          for (const site of reached) {
            for (const then of ['nowhere', 'everywhere', 1, 2, 3, 4, 5, 6] as const) {
              const outcome = feed(kind, timeout, { site, level: faultLevel, then });
              if (outcome !== 'errored' && outcome !== 'reported' && outcome !== 'thrown') {
                unseen.push(`${sites[site]} (level ${faultLevel}, then ${then}): ${outcome}`);
              }
            }
          }
        }
        expect(unseen).toEqual([]);
      },
    );
  });

  // The operator as it is, started from many places in the stack, beside mergeAll from the same places.
  describe('at real stack layouts', () => {
    const operators = {
      asCompleted: (): OperatorFunction<ObservableInput<number>, number> => asCompleted(),
      mergeAll: (): OperatorFunction<ObservableInput<number>, number> => mergeAll(),
    };
    type Name = keyof typeof operators;
    /** A layout: what calls the scenario. */
    type Layout = [name: string, start: (scenario: () => void) => void];

    /** A consumer that feeds the source synchronously until the stack overflows, started by `start`. */
    function overflow(name: Name, start: Layout[1]): { outcome: Outcome; fed: number } {
      let fed = 0;
      const channels = capture(({ errored }) =>
        start(() => {
          const source = new Subject<ObservableInput<number>>();
          source.pipe(operators[name]()).subscribe({
            next: () => source.next(of(++fed)),
            error: (error: unknown) => {
              errored.push(error);
              // The run ended: the source is let go.
              if (name === 'asCompleted') expect(source.observed).toBe(false);
            },
          });
          source.next(of(0));
        }),
      );
      return { outcome: outcomeOf(channels), fed };
    }

    /** Each operator's outcome at each layout, where either is not one it `may` have, or it overflowed before `fed` inputs. */
    function unexpected(layouts: Layout[], may: Record<Name, readonly string[]>, fed = 0) {
      return layouts
        .map(([layout, start]) => {
          const [ours, theirs] = [overflow('asCompleted', start), overflow('mergeAll', start)];
          return {
            layout,
            asCompleted: ours.outcome,
            mergeAll: theirs.outcome,
            fed: Math.min(ours.fed, theirs.fed),
          };
        })
        .filter(
          (row) =>
            !may.asCompleted.includes(row.asCompleted) ||
            !may.mergeAll.includes(row.mergeAll) ||
            row.fed < fed,
        );
    }

    it('a consumer that feeds the source until the stack overflows, from 64 places: asCompleted errors the output with the RangeError or rxjs reports it; mergeAll may leave it to config.onStoppedNotification alone, which rxjs leaves unset: swallowed', () => {
      const layouts: Layout[] = [];
      for (let depth = 0; depth < 4; depth++) {
        for (let extra = 0; extra < 16; extra++) {
          layouts.push([
            `${depth} frames and ${extra} arguments down`,
            (scenario) => atDepth(depth, () => shifted(extra, scenario)),
          ]);
        }
      }
      const may = { asCompleted: ['errored', 'reported'], mergeAll: ['errored', 'reported', 'stopped only'] };
      expect(unexpected(layouts, may, 10)).toEqual([]);
    });

    it('the same, subscribed with the stack nearly full: asCompleted errors the output, rxjs reports it, or the caller gets it thrown; mergeAll too, or it leaves it to config.onStoppedNotification alone', () => {
      /** Subscribed `margin` frames from the end of the stack, from a frame `extra` arguments bigger. */
      const nearEnd = (margin: number, extra: number): Layout => [
        `${margin} frames and ${extra} arguments from the end`,
        (scenario) => nearTheEnd(margin, () => shifted(extra, scenario)),
      ];
      const layouts: Layout[] = [];
      for (let margin = 0; margin < 1000; margin += 8) layouts.push(nearEnd(margin, margin % 5));
      const may = {
        asCompleted: ['errored', 'reported', 'thrown'],
        mergeAll: ['errored', 'reported', 'thrown', 'stopped only'],
      };
      expect(unexpected(layouts, may)).toEqual([]);
    });
  });
});

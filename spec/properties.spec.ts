import { fc, test } from '@fast-check/jest';
import { expectedRun, type Flavour } from './helpers/reference-model';
import { observedRun } from './helpers/scenario-harness';
import { scenarios, type Scenario, type TeardownError } from './helpers/scenario';

/**
 * `FC_SEED=<seed> FC_PATH=<path> npx jest spec/properties` replays a failing run (fast-check prints
 * both); `FC_NUM_RUNS` runs more scenarios.
 */
const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000);
/**
 * A run takes a few milliseconds; a property ten times slower than that fails rather than hangs. The
 * test is given the same limit: @fast-check/jest interrupts at the smaller of the two, and Jest's
 * default is meant for a single asynchronous spec.
 */
const timeLimit = 60 * numRuns;
const parameters: fc.Parameters<[Scenario]> = {
  numRuns,
  interruptAfterTimeLimit: timeLimit,
  markInterruptAsFailure: true,
  ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
  ...(process.env.FC_PATH === undefined ? {} : { path: process.env.FC_PATH }),
};

function withoutArrayInputs(scenario: Scenario, spans: readonly (readonly unknown[])[]): readonly unknown[] {
  // Plain arrays are handed to the operator as they are, so the harness cannot log their subscription.
  const { reentry } = scenario;
  const inputs = reentry?.action === 'feed' ? [...scenario.inputs, reentry.input] : scenario.inputs;
  return spans.map((span, index) => {
    const input = inputs[index];
    return input.kind === 'sync' && input.form === 'array' ? [] : span;
  });
}

/** Finalizer errors by frame: within one, the order of a teardown is the engine's to choose. */
function inOrder(errors: readonly TeardownError[]): readonly TeardownError[] {
  const key = (error: TeardownError): string => `${error.frame}:${error.channel}:${String(error.of)}`;
  return [...errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe.each<Flavour>(['asCompleted', 'asCompletedSettled', 'asCompletedEntries'])(
  '%s and its creation function against the reference model',
  (flavour) => {
    test.prop([scenarios], parameters)(
      'emits what the model emits, at the same frames, and leaves nothing subscribed, scheduled or unhandled',
      async (scenario) => {
        const expected = expectedRun(scenario, flavour);
        const observed = await observedRun(scenario, flavour);

        expect(observed.notifications).toEqual(expected.notifications);
        expect(inOrder(observed.teardownErrors)).toEqual(inOrder(expected.teardownErrors));
        expect(observed.sourceSubscriptions).toEqual(expected.sourceSubscriptions);
        expect(withoutArrayInputs(scenario, observed.inputSubscriptions)).toEqual(
          withoutArrayInputs(scenario, expected.inputSubscriptions),
        );
        expect(observed.leftovers).toEqual([]);
        expect(observed.unhandledRejections).toEqual([]);
      },
      timeLimit,
    );
  },
);

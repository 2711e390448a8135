import 'rxjs';
import { rxTest, type RxTestCallback, type RxTestConfig } from '@rxjs/test';

/**
 * An error as its class and own fields (`name`, `info`, ...) plus its message: Jest's `toEqual` compares
 * errors by message alone, and @rxjs/test's default by name, message and cause.
 */
function errorFields(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { ...error, class: error.constructor, message: error.message };
}

/** Recorded notifications with every error spelled out by {@link errorFields}; subscription logs as they are. */
function comparable(recorded: unknown): unknown {
  if (!Array.isArray(recorded)) return recorded;
  return recorded.map((entry: unknown) => {
    const { notification } = entry as { notification?: { kind: string; error?: unknown } };
    if (notification?.kind !== 'E') return entry;
    return { ...(entry as object), notification: { kind: 'E', error: errorFields(notification.error) } };
  });
}

/**
 * `rxTest` (virtual time: host timers, `Date` and `performance.now()` faked for the whole callback) with
 * Jest's deep equality, so that a failing expectation shows Jest's diff of the two timelines instead of
 * @rxjs/test's bare "assertion failed", and errors compared field by field.
 */
export function marbleTest(
  callback: RxTestCallback,
  config: Omit<RxTestConfig, 'assertDeepEqual'> = {},
): Promise<void> {
  return rxTest(callback, {
    ...config,
    assertDeepEqual: (actual, expected) => expect(comparable(actual)).toEqual(comparable(expected)),
  });
}

import { hostPlatform } from '../../src/rxjs9/operate';

/*
 * What the rxjs 9 adapter does with errors a teardown threw. No teardown the run makes under rxjs 9
 * throws back (each is an `AbortController.abort()`, whose listeners' errors the host reports itself),
 * so the run never hands it any: these specs call the adapter's `Platform` directly, as a host whose
 * teardown threw would make the run call it.
 */
describe('the rxjs 9 platform, given errors that teardowns threw', () => {
  const host = globalThis as { reportError?: (error: unknown) => void };
  const hostReportError = host.reportError;
  afterEach(() => {
    if (hostReportError === undefined) delete host.reportError;
    else host.reportError = hostReportError;
    jest.restoreAllMocks();
  });

  it('reports each through reportError, as rxjs 9 reports a teardown error, where the host has it', () => {
    const reported: unknown[] = [];
    host.reportError = (error) => reported.push(error);
    const first = new Error('first finalizer');
    const second = new Error('second finalizer');

    hostPlatform.teardownFailed([first, second], true);

    expect(reported).toEqual([first, second]);
  });

  it('throws each from a timer of its own where the host has no reportError, as an uncaught error', () => {
    delete host.reportError;
    const timers: (() => void)[] = [];
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((fire: () => void) => {
      timers.push(fire);
      return 0;
    }) as unknown as typeof setTimeout);
    const first = new Error('first finalizer');
    const second = new Error('second finalizer');

    hostPlatform.teardownFailed([first, second], false);

    expect(timers).toHaveLength(2);
    expect(timers[0]).toThrow(first);
    expect(timers[1]).toThrow(second);
  });
});

/**
 * The body of the consumer apps that scripts/check-package*.ts run against the packed package: three
 * Promises of different delays under a deadline that only two of them meet. `piped` writes the
 * Observable of their results from the expression of the array of Promises, as the rxjs generation
 * under test spells it.
 */
export const consumerBody = (piped: (inputs: string) => string): string => `
const results = [];
const started = Date.now();
const after = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
${piped("[after(120, 'slow'), after(10, 'fast'), after(2000, 'late')]")}
  .subscribe({
    next: (value) => results.push(value),
    error: (error) => {
      const ok =
        error instanceof AsCompletedTimeoutError &&
        error instanceof TimeoutError &&
        JSON.stringify(error.pending) === '[2]' &&
        JSON.stringify(results) === '["fast","slow"]' &&
        Date.now() - started >= 590;
      console.log(JSON.stringify({ results, pending: error.pending, name: error.name, ok }));
      process.exitCode = ok ? 0 : 1;
    },
    complete: () => {
      console.log('completed before the deadline: ' + JSON.stringify(results));
      process.exitCode = 1;
    },
  });
`;

/**
 * The rxjs 9 specs (spec/rxjs9/jest.config.js) as the mutation run needs them: `rxjs-as-completed/rxjs9`
 * is src/rxjs9, compiled by ts-jest like the specs, instead of the build in dist/esm/rxjs9, so that the
 * mutants Stryker writes into the sources are the code under test, and its per-test coverage sees them.
 */
import base from '../spec/rxjs9/jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  // A mutant that makes the operator hang fails on Jest's timeout, as in the main suite.
  testTimeout: 10_000,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^rxjs-as-completed/rxjs9$': `${base.rootDir}/src/rxjs9/index.ts`,
  },
};

/**
 * RXJS_VERSION runs the specs against one of the tested rxjs releases, installed side by side as npm
 * aliases: `7.2` (7.2.0, the lowest in the peer range), `7.8` (7.8.2, the devDependency, the default) or
 * `8` (8.0.0-alpha.14).
 *
 * JEST_TRANSPILE_ONLY=1 compiles the specs file by file, without type checking, for a run whose types
 * another has checked: ts-jest checks them against the root's rxjs 7.8.2 whatever RXJS_VERSION says, and
 * on whatever Node, as `npm test` does before `tsc` checks them again (`test:types`). CI sets it for the
 * specs on Node 22, 24 and 26 after `npm test`, and `npm run test:rxjs` for its rows.
 *
 * JEST_DIST=1 gives the specs that import the package's public face (`../src`) the CommonJS build in
 * dist/cjs instead (run `npm run build` first): the modules as they ship, with their internal property
 * names shortened by the build (scripts/mangle.mjs). Specs of internal modules keep their sources. CI
 * runs the Node 24 row so.
 */
const rxjsAliases = { 7.2: 'rxjs-7.2', 7.8: 'rxjs', 8: 'rxjs-8' };
const rxjsVersion = process.env.RXJS_VERSION;
if (rxjsVersion && !(rxjsVersion in rxjsAliases)) {
  throw new Error(`RXJS_VERSION must be one of ${Object.keys(rxjsAliases).join(', ')}; got ${rxjsVersion}`);
}
const rxjsAlias = rxjsAliases[rxjsVersion || '7.8'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // spec/rxjs9 runs against rxjs 9 under Node 22, with its own config: `npm run test:rxjs9`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/spec/rxjs9/'],
  modulePathIgnorePatterns: ['<rootDir>/spec/rxjs9/node_modules/'],
  // Errors compare by class as well as by message, in every spec.
  setupFilesAfterEnv: ['<rootDir>/spec/helpers/error-equality.ts'],
  // Far above the slowest asynchronous spec (about 0.1 s), so that only a hang reaches it; a
  // synchronous loop cannot be timed out, so the specs bound their own loops and schedulers.
  testTimeout: 10_000,
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: process.env.JEST_TRANSPILE_ONLY === '1' ? { isolatedModules: true } : 'tsconfig.json' },
    ],
  },
  moduleNameMapper: {
    ...(process.env.JEST_DIST === '1' ? { '^(\\.\\./)+src$': '<rootDir>/dist/cjs/index.js' } : {}),
    // src imports its own modules as `./name.js`, the specifiers the ES module build needs.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^rxjs$': rxjsAlias,
    '^rxjs/(.*)$': `${rxjsAlias}/$1`,
  },
};

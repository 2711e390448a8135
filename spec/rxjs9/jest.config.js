/**
 * The specs against rxjs 9, run by `npm run test:rxjs9` under Node 22, with rxjs 9 installed in this
 * folder on first use (scripts/rxjs9-deps.mjs), out of the root install. rxjs 9 and @rxjs/test publish
 * ES modules only; ts-jest compiles them to CommonJS like the specs, so they run in Jest's ordinary
 * module system, without --experimental-vm-modules, and the specs can share the generation-neutral
 * helpers of the main suite.
 */
const here = __dirname;
const root = `${here}/../..`;
const compile = [
  'ts-jest',
  {
    tsconfig: {
      module: 'commonjs',
      target: 'ES2022',
      allowJs: true,
      esModuleInterop: true,
      // Compile file by file, without type checking: `tsc -p spec/rxjs9` does that.
      isolatedModules: true,
      // TypeScript 6.0 asks for the root of the files it compiles (here and in the rest of the repository).
      rootDir: root,
    },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: root,
  roots: [here],
  testEnvironment: 'node',
  testMatch: ['**/*.spec.ts'],
  // Errors compare by class as well as by message, in every spec, as in the main suite.
  setupFilesAfterEnv: [`${root}/spec/helpers/error-equality.ts`],
  transform: { '^.+\\.[cm]?[jt]s$': compile },
  // Jest transforms nothing under node_modules by default; rxjs 9 and its kit must be compiled.
  transformIgnorePatterns: ['/node_modules/(?!(rxjs|@rxjs)/)'],
  // `rxjs` is rxjs 9 from this folder wherever it is imported, src/ included, not the 7.8.2 at the root.
  moduleDirectories: [`${here}/node_modules`, 'node_modules'],
  moduleNameMapper: {
    // src imports its own modules as `./name.js`, the specifiers the ES module build needs.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The specs import the entry as an app does, and run against its build (`npm run build`), the
    // ES modules that are published, compiled to CommonJS here like rxjs 9.
    '^rxjs-as-completed/rxjs9$': `${root}/dist/esm/rxjs9/index.js`,
  },
};

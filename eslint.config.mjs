import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // examples/angular is checked by its own toolchain (`ng build`, `ng test`: `npm run test:angular`);
  // spec/consumers by each compiler a consumer may use, against the packed package (`npm run check:consumers`).
  {
    ignores: [
      '**/dist/',
      'node_modules/',
      'coverage/',
      'reports/',
      '.stryker-tmp/',
      'examples/angular/',
      'spec/consumers/',
      'bench/baseline/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The package must work with every rxjs in its peer range: only the public API, never rxjs/internal.
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['rxjs/internal', 'rxjs/internal/*'], message: 'Use the public rxjs API.' }] },
      ],
    },
  },
  {
    // The core is the algorithm alone, shared by every rxjs generation: it may import nothing from rxjs.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['rxjs', 'rxjs/*', '@rxjs/*'], message: 'src/core imports nothing from rxjs.' },
          ],
        },
      ],
    },
  },
  {
    // The rxjs 9 entry resolves `rxjs` to rxjs 9 through its build config; the root tsconfig.json,
    // where `rxjs` is 7.8.2, leaves it out.
    files: ['src/rxjs9/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.build.rxjs9.json' },
    },
  },
  {
    // rxTest binds the methods of the context it passes (RxTestContextImplementation's constructor), so
    // the rxjs 9 specs destructure it, as @rxjs/test's README does.
    files: ['spec/rxjs9/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The rxjs 9 examples that `npm run generate:entries` puts into the JSDoc of src/rxjs9: they use
    // rxTest as the rxjs 9 specs do, and show an async factory as a user writes one.
    files: ['docs/code-blocks/rxjs9/examples/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);

/**
 * `npm run test:docs` (after `npm run build`): every ```ts code block of README.md, CONTRIBUTING.md and
 * the pages of the docs site (docs/, its folders included), as a user would copy it.
 *
 * - A block that imports from `@angular/` must be, character for character, a file of the Angular
 *   workspace in examples/angular/src, where `ng test` and `ng build` check it (`npm run test:angular`).
 * - A block that imports from `rxjs-as-completed/rxjs9` must be, character for character, a spec of
 *   spec/rxjs9, which `npm run test:rxjs9` runs under rxjs 9 and type-checks.
 * - Every other block is type-checked in strict mode against the built package, imported by its name
 *   through the package's `exports` as an app imports it, with the app names of
 *   docs/code-blocks/app.ts (`getUser`, `render`, ...) as globals; then it is run in virtual time
 *   (`TestScheduler.run`) against the built CommonJS package and those app functions, and must not
 *   throw; a block that subscribes must have called the app.
 *
 * Then every ```ts block of the JSDoc of src/ (the `@example`s and `## Example`s users read on hover) is
 * type-checked in strict mode the same way: those of src/rxjs9 against the built `rxjs-as-completed/rxjs9`
 * and rxjs 9, with the app names of docs/code-blocks/rxjs9/app.ts; the others against the built package
 * and rxjs 7; with them, the rxjs 9 examples of docs/code-blocks/rxjs9/examples/, whose tsconfig
 * includes them. And the front files of src/rxjs9 must be what `npm run generate:entries` makes of
 * those of src/ (scripts/generate-entries.ts, docs/entries.md).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import ts from 'typescript';
import { generate } from './generate-entries';
import { installRxjs9 } from './rxjs9-deps.mjs';

const root = resolve(__dirname, '..');
const blocksDirectory = join(root, 'docs/code-blocks');
const angularSources = join(root, 'examples/angular/src');

interface Block {
  /** Where the block is, as `README.md:42` (the line of its opening fence). */
  readonly where: string;
  readonly code: string;
}

/**
 * The ```ts (or ```typescript) fenced blocks of a Markdown file, de-indented as a list item's are;
 * `firstLine` is the line of the file the Markdown starts at.
 */
function codeBlocks(file: string, markdown: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)```(?:ts|typescript)\s*$/.exec(lines[index]);
    if (fence === null) continue;
    const indent = fence[1].length;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) body.push(lines[end++].slice(indent));
    if (end === lines.length) throw new Error(`${file}:${index + 1}: the code block is never closed`);
    blocks.push({ where: `${file}:${index + firstLine}`, code: `${body.join('\n')}\n` });
    index = end;
  }
  return blocks;
}

/** The ```ts blocks of the JSDoc comments of a TypeScript file. */
function jsdocBlocks(file: string, source: string): Block[] {
  const blocks: Block[] = [];
  for (const comment of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = source.slice(0, comment.index).split('\n').length;
    const markdown = comment[0]
      .split('\n')
      .map((line) => line.replace(/^\s*(?:\/\*\*|\*\/|\*(?: |$))?/, ''))
      .join('\n');
    blocks.push(...codeBlocks(file, markdown, firstLine));
  }
  return blocks;
}

/**
 * README.md, CONTRIBUTING.md and every page of the docs site, docs/ and its folders; not what the site
 * generates (docs/api/ from the JSDoc of src/, whose blocks are checked below as the JSDoc's, and
 * docs/dist/), nor the site's own code (docs/.vitepress) and fixtures (docs/code-blocks).
 */
function markdownFiles(): string[] {
  const skipped = new Set(['docs/api', 'docs/dist', 'docs/.vitepress', 'docs/code-blocks']);
  const pages = (folder: string): string[] =>
    readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return skipped.has(path) ? [] : pages(path);
      return entry.name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', 'CONTRIBUTING.md', ...pages('docs').sort()];
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

/** Blocks that another suite checks, as files of its own: which blocks, which files, which command. */
interface FileSuite {
  readonly name: string;
  readonly matches: (block: Block) => boolean;
  readonly files: () => string[];
  readonly command: string;
}

const fileSuites: readonly FileSuite[] = [
  {
    name: 'examples/angular/src',
    matches: (block) => /from '@angular\//.test(block.code),
    files: () => filesUnder(angularSources),
    command: 'npm run test:angular',
  },
  {
    name: 'spec/rxjs9',
    matches: (block) => /from 'rxjs-as-completed\/rxjs9'/.test(block.code),
    files: () =>
      readdirSync(join(root, 'spec/rxjs9'))
        .filter((file) => file.endsWith('.spec.ts'))
        .map((file) => join(root, 'spec/rxjs9', file)),
    command: 'npm run test:rxjs9',
  },
];

const suiteOf = (block: Block): FileSuite | undefined => fileSuites.find(({ matches }) => matches(block));

/** Each block of another suite is one of its files; returns, per block, which one. */
function checkFileBlocks(blocks: readonly Block[]): string[] {
  const problems: string[] = [];
  for (const suite of fileSuites) {
    const files = suite.files().map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    for (const block of blocks.filter((candidate) => suiteOf(candidate) === suite)) {
      const file = files.find(({ text }) => text === block.code);
      if (file === undefined) {
        problems.push(`${block.where}: a block that is no file of ${suite.name}`);
      } else {
        console.log(`✓ ${block.where} is ${relative(root, file.path)} (run by ${suite.command})`);
      }
    }
  }
  return problems;
}

/** The built package, as `exports` gives it to TypeScript (`import`) and to Node (`require`). */
function builtPackage(): { readonly types: string; readonly commonjs: string; readonly rxjs9Types: string } {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: {
      '.': { import: { types: string }; require: { default: string } };
      './rxjs9': { types: string };
    };
  };
  const { import: esm, require: cjs } = manifest.exports['.'];
  const paths = {
    types: join(root, esm.types),
    commonjs: join(root, cjs.default),
    rxjs9Types: join(root, manifest.exports['./rxjs9'].types),
  };
  const built = Math.min(
    ...Object.values(paths).map((path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
  if (built === 0) throw new Error('the package is not built: run `npm run build` first');
  const newerSources = filesUnder(join(root, 'src')).filter((path) => statSync(path).mtimeMs > built);
  if (newerSources.length > 0) {
    throw new Error(
      `the build is older than ${relative(root, newerSources[0])}: run \`npm run build\` first`,
    );
  }
  return paths;
}

/** The virtual file a block is type-checked as: inside the package, so that its name resolves to itself. */
function blockFile(block: Block, index: number): string {
  return join(blocksDirectory, `block-${index}-${block.where.replace(/[^A-Za-z0-9]+/g, '-')}.ts`);
}

/** What blocks are type-checked against: a tsconfig of docs/code-blocks, and the package by its name. */
interface Target {
  readonly tsconfig: string;
  readonly specifier: string;
  readonly types: string;
}

function typeCheck(
  blocks: readonly Block[],
  { tsconfig, specifier: packageName, types: packageTypes }: Target,
): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(blocksDirectory, tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  assert.ok(config, `docs/code-blocks/${tsconfig} is readable`);
  // `export {}` makes every block a module, so that two blocks do not share their top-level names.
  const virtual = new Map(
    blocks.map((block, index) => [blockFile(block, index), `${block.code}export {};\n`]),
  );
  const host = ts.createCompilerHost(config.options, true);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (path) => virtual.has(path) || fileExists(path);
  host.readFile = (path) => virtual.get(path) ?? readFile(path);
  const program = ts.createProgram({
    rootNames: [...config.fileNames, ...virtual.keys()],
    options: config.options,
    host,
  });

  const problems: string[] = [];
  blocks.forEach((block, index) => {
    const file = program.getSourceFile(blockFile(block, index))!;
    const imported = file.statements
      .filter(ts.isImportDeclaration)
      .map((statement) => (statement.moduleSpecifier as ts.StringLiteral).text)
      .filter((specifier) => specifier === packageName);
    for (const specifier of imported) {
      const resolved = ts.resolveModuleName(specifier, file.fileName, config.options, host).resolvedModule;
      if (resolved?.resolvedFileName !== packageTypes) {
        problems.push(
          `${block.where}: '${packageName}' resolves to ${resolved?.resolvedFileName ?? 'nothing'}, not to the built ${relative(root, packageTypes)}`,
        );
      }
    }
    const diagnostics = ts.getPreEmitDiagnostics(program, file);
    for (const diagnostic of diagnostics) {
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const [markdown, fenceLine] = block.where.split(':');
      problems.push(
        `${markdown}:${Number(fenceLine) + 1 + line}: TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      );
    }
    if (diagnostics.length === 0) console.log(`✓ ${block.where} type-checks (strict)`);
  });
  // The tsconfig's own files: app.ts, and for rxjs 9 the examples the generator puts into src/rxjs9.
  for (const fileName of config.fileNames) {
    const file = program.getSourceFile(fileName)!;
    for (const diagnostic of ts.getPreEmitDiagnostics(program, file)) {
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      problems.push(
        `${relative(root, file.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      );
    }
  }
  return problems;
}

interface App {
  readonly app: Readonly<Record<string, unknown>>;
  readonly calls: string[];
}

/** Runs each block in virtual time with the app's functions as its globals; returns what went wrong. */
async function runBlocks(blocks: readonly Block[], packageCommonjs: string): Promise<string[]> {
  // Loaded by path, not imported, so that its global declarations stay out of the scripts' type check.
  const { app, calls } = (await import(join(blocksDirectory, 'app.ts'))) as App;
  const modules: Readonly<Record<string, unknown>> = {
    rxjs,
    'rxjs/operators': rxjsOperators,
    'rxjs/testing': { TestScheduler },
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'rxjs-as-completed': require(packageCommonjs) as unknown,
  };
  const requireModule = (specifier: string): unknown => {
    if (!(specifier in modules))
      throw new Error(`a block imports ${specifier}, which the runner does not provide`);
    return modules[specifier];
  };
  const warnings: string[] = [];
  const blockConsole = {
    ...console,
    warn: (...args: unknown[]) => void warnings.push(args.map(String).join(' ')),
  };

  const problems: string[] = [];
  for (const block of blocks) {
    const { outputText } = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    calls.length = 0;
    warnings.length = 0;
    const names = Object.keys(app);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('require', 'exports', 'console', ...names, outputText) as (
      ...args: unknown[]
    ) => void;
    try {
      new TestScheduler((actual, expected) => assert.deepEqual(actual, expected)).run(() =>
        run(requireModule, {}, blockConsole, ...names.map((name) => app[name])),
      );
    } catch (error) {
      problems.push(`${block.where}: running it threw ${String(error)}`);
      continue;
    }
    const done = [...calls, ...warnings.map((warning) => `console.warn(${JSON.stringify(warning)})`)];
    if (/\.subscribe\(/.test(block.code) && done.length === 0) {
      problems.push(`${block.where}: it subscribes, but called nothing of the app`);
    } else {
      console.log(
        `✓ ${block.where} runs: ${done.length === 0 ? 'no calls (it does not subscribe)' : done.join(', ')}`,
      );
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const blocks = markdownFiles().flatMap((file) => codeBlocks(file, readFileSync(join(root, file), 'utf8')));
  const files = blocks.filter((block) => suiteOf(block) !== undefined);
  const others = blocks.filter((block) => suiteOf(block) === undefined);
  console.log(
    `${blocks.length} ts code blocks: ${files.length} files of other suites, ${others.length} type-checked and run\n`,
  );
  const { types, commonjs, rxjs9Types } = builtPackage();
  // docs/code-blocks/rxjs9/tsconfig.json reads rxjs 9's types from spec/rxjs9.
  installRxjs9();
  const main = { tsconfig: 'tsconfig.json', specifier: 'rxjs-as-completed', types };
  const problems = [...checkFileBlocks(files), ...typeCheck(others, main)];
  if (problems.length === 0) problems.push(...(await runBlocks(others, commonjs)));

  const sources = filesUnder(join(root, 'src'))
    .filter((path) => path.endsWith('.ts'))
    .sort()
    .map((path) => relative(root, path));
  const examples = sources.flatMap((file) => jsdocBlocks(file, readFileSync(join(root, file), 'utf8')));
  const ofRxjs9 = (block: Block): boolean => block.where.startsWith('src/rxjs9/');
  console.log(`\n${examples.length} ts code blocks in the JSDoc of src/, type-checked\n`);
  problems.push(
    ...typeCheck(
      examples.filter((block) => !ofRxjs9(block)),
      main,
    ),
    ...typeCheck(examples.filter(ofRxjs9), {
      tsconfig: 'rxjs9/tsconfig.json',
      specifier: 'rxjs-as-completed/rxjs9',
      types: rxjs9Types,
    }),
  );

  const generated = await generate();
  for (const [path, text] of generated) {
    if (readFileSync(join(root, path), 'utf8') !== text) {
      problems.push(
        `${path}: not what src/ and scripts/entries/rxjs9.ts make: edit those, run \`npm run generate:entries\``,
      );
    }
  }
  console.log(`✓ ${[...generated.keys()].join(', ')} checked against src/ and scripts/entries/rxjs9.ts`);

  for (const problem of problems) console.error(`✗ ${problem}`);
  console.log(`\ndocs: ${blocks.length + examples.length} blocks, ${problems.length} problems`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

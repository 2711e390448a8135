/**
 * The public API of both entries, as API Extractor reads it from the built declarations
 * (dist/esm/index.d.ts, dist/esm/rxjs9/index.d.ts): every exported name and signature, without the
 * JSDoc. The records are committed in api/, so that a change to the API shows in review.
 *
 *   npm run check:api    (after `npm run build`) fails when the API differs from api/*.api.md
 *   npm run api:update   (builds first) rewrites api/*.api.md to the API of the build
 */
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from '@microsoft/api-extractor';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installRxjs9 } from './rxjs9-deps.mjs';

const root = resolve(__dirname, '..');
const reportTemp = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-api-'));
const update = process.argv.includes('--update');

const entries = [
  { name: 'rxjs-as-completed', declarations: 'dist/esm/index.d.ts', rxjs: undefined },
  {
    name: 'rxjs-as-completed-rxjs9',
    declarations: 'dist/esm/rxjs9/index.d.ts',
    // `rxjs` is rxjs 9 for this entry, from spec/rxjs9, as tsconfig.build.rxjs9.json has it.
    rxjs: {
      rxjs: ['./spec/rxjs9/node_modules/rxjs/dist/esm/index.d.ts'],
      'rxjs/*': ['./spec/rxjs9/node_modules/rxjs/dist/esm/*.d.ts'],
    },
  },
] as const;

function configOf(entry: (typeof entries)[number]): IConfigFile {
  return {
    projectFolder: root,
    mainEntryPointFilePath: `<projectFolder>/${entry.declarations}`,
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          strict: true,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          module: 'esnext',
          moduleResolution: 'bundler',
          ...(entry.rxjs ? { paths: entry.rxjs } : {}),
        },
        files: [`./${entry.declarations}`],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: `${entry.name}.api.md`,
      reportFolder: '<projectFolder>/api/',
      // Outside dist/, which npm pack ships.
      reportTempFolder: reportTemp,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // The JSDoc is written for editors' hovers, not as TSDoc, and the API has no release stages.
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning },
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
        // A type the API uses without exporting it (NotAString): the record names it, as a change to see.
        'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
      },
    },
  };
}

installRxjs9();
let changed = false;
for (const entry of entries) {
  const config = ExtractorConfig.prepare({
    configObject: configOf(entry),
    configObjectFullPath: join(root, `api-extractor.${entry.name}.json`),
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (!result.succeeded && !result.apiReportChanged) {
    console.error(`${entry.name}: API Extractor failed (${result.errorCount} errors)`);
    process.exit(1);
  }
  if (result.apiReportChanged) {
    changed = true;
    if (!update) {
      const recorded = join(root, 'api', `${entry.name}.api.md`);
      const built = join(reportTemp, `${entry.name}.api.md`);
      spawnSync('git', ['diff', '--no-index', '--', recorded, built], { stdio: 'inherit' });
    }
  }
  console.log(
    `${entry.name}: ${result.apiReportChanged ? (update ? 'api/ updated' : 'API CHANGED') : 'API as recorded'} (api/${entry.name}.api.md)`,
  );
}

if (changed && !update) {
  console.error(
    '\nThe public API differs from the record in api/. If the change is meant, run `npm run api:update`' +
      ' and commit api/*.api.md with it (and say so in CHANGELOG.md).',
  );
  process.exit(1);
}

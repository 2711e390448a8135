/**
 * The TypeScript compilers that consumers of the package may use, beside the project's own: each
 * exact release installed once from the npm registry into a cache folder, as scripts/with-node.sh
 * does for Node. `typescript@7` is the native compiler: it has no JS API, only its `tsc`, whose
 * launcher (bin/tsc) runs the platform binary from its optional dependency
 * (@typescript/typescript-linux-x64 here). The cache is $TYPESCRIPT_CACHE (default
 * ~/.cache/rxjs-as-completed/typescript), one folder per release; delete it to fetch anew.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The compilers consumers are checked with: 5.0, the documented floor; 5.8, the first that types a
 * `require` of an ES module (the floor of the rxjs 9 entry from CommonJS); 5.9, the last 5.x; 6.0; and
 * 7.0, the native compiler.
 */
export const compilers = {
  '5.0': '5.0.4',
  '5.8': '5.8.3',
  '5.9': '5.9.3',
  '6.0': '6.0.3',
  '7.0': '7.0.2',
} as const;
export type Compiler = keyof typeof compilers;

const cache = process.env.TYPESCRIPT_CACHE ?? join(homedir(), '.cache', 'rxjs-as-completed', 'typescript');

function versionOf(tsc: string): string | undefined {
  try {
    return /Version (\S+)/.exec(
      execFileSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' }),
    )?.[1];
  } catch {
    return undefined;
  }
}

const checked = new Map<Compiler, string>();

/** The path of `tsc` (a Node script) of a compiler, installing that release first if it is not cached. */
export function tscOf(compiler: Compiler): string {
  const known = checked.get(compiler);
  if (known) return known;
  const version = compilers[compiler];
  const folder = join(cache, version);
  const tsc = join(folder, 'node_modules', 'typescript', 'bin', 'tsc');
  if (versionOf(tsc) !== version) {
    console.log(`fetching typescript@${version} into ${folder}`);
    mkdirSync(folder, { recursive: true });
    // Its own package.json, so that npm installs here and not into the project.
    if (!existsSync(join(folder, 'package.json')))
      writeFileSync(join(folder, 'package.json'), '{"private":true}\n');
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        folder,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `typescript@${version}`,
      ],
      { stdio: 'inherit' },
    );
    if (versionOf(tsc) !== version)
      throw new Error(`${tsc} is not typescript ${version} after installing it`);
  }
  checked.set(compiler, tsc);
  return tsc;
}

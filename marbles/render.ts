/**
 * Draws every marble source of marbles/ to an SVG beside it, with the engine's own drawing
 * (engine/draw.ts), from a run of the package's sources in virtual time, as the playground does.
 *
 *   npm run marbles              writes marbles/*.svg
 *   npm run marbles -- --check   draws them in memory and fails if any committed SVG differs
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as entry from '../src';
import { computeDiagram, drawDiagram, parseDraft, runDiagram } from './engine';
import { rxjs7Driver } from './engine/rxjs7';
import { loadDiagramFiles, MARBLES_DIRECTORY } from './node';

/** The playground's bound, so that a committed SVG and the playground's download are the same bytes. */
const FRAME_BOUND = 1000;

/** Each marble source's SVG, by file name. */
async function drawAll(): Promise<Map<string, string>> {
  const drawn = new Map<string, string>();
  const driver = rxjs7Driver(entry);
  for (const { name, text } of loadDiagramFiles()) {
    const draft = parseDraft(name, text);
    const run = await runDiagram(driver, draft, { frameBound: FRAME_BOUND });
    const { diagram } = computeDiagram(draft, run, entry);
    drawn.set(`${name}.svg`, drawDiagram(diagram, run, entry));
  }
  return drawn;
}

async function main(): Promise<void> {
  const drawn = await drawAll();
  if (!process.argv.includes('--check')) {
    for (const [file, svg] of drawn) {
      writeFileSync(join(MARBLES_DIRECTORY, file), svg);
      console.log(`marbles/${file}`);
    }
    return;
  }
  const committed = readdirSync(MARBLES_DIRECTORY).filter((file) => file.endsWith('.svg'));
  const problems = [
    ...[...drawn.keys()]
      .filter((file) => !committed.includes(file))
      .map((file) => `marbles/${file} is missing`),
    ...committed.filter((file) => !drawn.has(file)).map((file) => `marbles/${file} has no marble source`),
    ...[...drawn]
      .filter(
        ([file, svg]) =>
          committed.includes(file) && readFileSync(join(MARBLES_DIRECTORY, file), 'utf8') !== svg,
      )
      .map(([file]) => `marbles/${file} differs from its marble source`),
  ];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error('Run `npm run marbles` and commit the SVGs.');
    process.exitCode = 1;
  } else {
    console.log(`${drawn.size} marble diagrams match their sources.`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

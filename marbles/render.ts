/**
 * Renders every marble source of marbles/ to an SVG beside it, with swirly's parser and its Node renderer.
 *
 *   npm run marbles              writes marbles/*.svg
 *   npm run marbles -- --check   renders to a temporary directory and fails if any committed SVG differs
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderMarbleDiagram } from '@swirly/renderer-node';
import { drawDiagram, type SwirlyRenderer } from './engine/draw';
import { loadDiagramFiles, MARBLES_DIRECTORY } from './node';

/** The one difference from the playground: xmldom's DOM, whose nodes serialize themselves with toString(). */
const nodeRenderer: SwirlyRenderer = {
  render: renderMarbleDiagram,
  serialize: (element) => (element as Element & { toString(): string }).toString(),
};

function renderAll(directory: string): string[] {
  const written: string[] = [];
  for (const { name, text, diagram } of loadDiagramFiles()) {
    writeFileSync(join(directory, `${name}.svg`), drawDiagram(diagram, text, nodeRenderer));
    written.push(`${name}.svg`);
  }
  return written;
}

function check(): boolean {
  const directory = mkdtempSync(join(tmpdir(), 'marbles-'));
  try {
    const rendered = renderAll(directory);
    const committed = readdirSync(MARBLES_DIRECTORY).filter((file) => file.endsWith('.svg'));
    const problems = [
      ...rendered.filter((file) => !committed.includes(file)).map((file) => `marbles/${file} is missing`),
      ...committed
        .filter((file) => !rendered.includes(file))
        .map((file) => `marbles/${file} has no marble source`),
      ...rendered
        .filter((file) => committed.includes(file))
        .filter(
          (file) =>
            readFileSync(join(directory, file), 'utf8') !==
            readFileSync(join(MARBLES_DIRECTORY, file), 'utf8'),
        )
        .map((file) => `marbles/${file} differs from its marble source`),
    ];
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) console.error('Run `npm run marbles` and commit the SVGs.');
    else console.log(`${rendered.length} marble diagrams match their sources.`);
    return problems.length === 0;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  if (!check()) process.exitCode = 1;
} else {
  for (const file of renderAll(MARBLES_DIRECTORY)) console.log(`marbles/${file}`);
}

/** The sources of marbles/, read from disk. */
import { readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { parseDiagram, type MarbleDiagram } from './engine';

export const MARBLES_DIRECTORY = __dirname;

/** A marble source of marbles/: its name, its text and the diagram it describes. */
export interface DiagramFile {
  readonly name: string;
  readonly text: string;
  readonly diagram: MarbleDiagram;
}

/** Every marble source of marbles/, by file name. */
export function loadDiagramFiles(directory = MARBLES_DIRECTORY): DiagramFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => {
      const name = basename(file, '.txt');
      const text = readFileSync(join(directory, file), 'utf8');
      return { name, text, diagram: parseDiagram(name, text) };
    });
}

/** Every marble diagram of marbles/, by file name. */
export function loadDiagrams(directory = MARBLES_DIRECTORY): MarbleDiagram[] {
  return loadDiagramFiles(directory).map(({ diagram }) => diagram);
}

import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const EXAMPLE = 'spec/rxjs9/readme-example.spec.ts';

describe('the README section for rxjs 9', () => {
  it(`shows the marble test of ${EXAMPLE} as it is, so the example runs and is type-checked`, () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const marker = `<!-- the example below is ${EXAMPLE} -->`;
    const at = readme.indexOf(marker);
    expect(at).toBeGreaterThan(-1);
    const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
    expect(block).toBe(readFileSync(join(root, EXAMPLE), 'utf8'));
  });
});

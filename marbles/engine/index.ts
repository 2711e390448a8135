/**
 * The diagram engine: the language of marbles/*.txt read, run in virtual time and computed; its
 * drawing is ./draw (apart, because swirly publishes ES modules only, which Jest cannot load).
 * `npm run marbles`, spec/marbles.spec.ts and the playground all use it; only the renderer differs
 * between Node (marbles/render.ts) and the browser (playground/). The rxjs 7/8 driver is ./rxjs7,
 * apart so that the rxjs 9 specs can use the rest with rxjs 9.
 */
export * from './diagram';
export * from './expression';
export * from './run';
export * from './compute';
export * from './jest-test';
export * from './asyncio';

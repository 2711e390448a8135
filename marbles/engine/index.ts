/**
 * The diagram engine: the language of marbles/*.txt read, run in virtual time and computed; its
 * drawing is ./draw (apart, because swirly publishes ES modules only, which Jest cannot load).
 * `npm run marbles`, spec/marbles.spec.ts and the playground all use it; only the renderer differs
 * between Node (marbles/render.ts) and the browser (playground/).
 */
export * from './diagram';
export * from './expression';
export * from './run';
export * from './compute';
export * from './rxjs7';

/**
 * The diagram engine: the language of marbles/*.txt read, run in virtual time, computed and drawn.
 * `npm run marbles`, spec/marbles.spec.ts and the playground all use it. The rxjs 7/8 driver is
 * ./rxjs7, apart so that the rxjs 9 specs can use the rest with rxjs 9.
 */
export * from './diagram';
export * from './expression';
export * from './run';
export * from './compute';
export * from './jest-test';
export * from './asyncio';
export * from './timeline';
export * from './draw';

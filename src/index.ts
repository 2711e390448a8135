// src/rxjs9/index.ts is made from this file by `npm run generate:entries`: see docs/entries.md.
export { asCompleted } from './as-completed.js';
export { asCompletedEntries } from './as-completed-entries.js';
export { asCompletedSettled } from './as-completed-settled.js';
export { forkAsCompleted, forkAsCompletedEntries, forkAsCompletedSettled } from './fork-as-completed.js';
export {
  forkAsCompletedSnapshots,
  type IndexedSnapshot,
  type KeyedSnapshot,
} from './fork-as-completed-snapshots.js';
export type {
  IndexedEntry,
  IndexedSettledRecord,
  InputDictionary,
  KeyedEntry,
  KeyedSettledRecord,
} from './fork-as-completed.js';
export type { AsCompletedInput, InputFactory, InputValue } from './inputs.js';
export type { AsCompletedConfig, AsCompletedOptions } from './options.js';
export type {
  AbortedRecord,
  AsCompletedEntry,
  AsCompletedSnapshot,
  FulfilledRecord,
  PendingRecord,
  RejectedRecord,
  SettledRecord,
  TimeoutRecord,
} from './core/settled.js';
export { AsCompletedTimeoutError, createTimeoutError, type TimeoutErrorDetails } from './timeout-error.js';

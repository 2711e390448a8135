// Made from src/index.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
// The entry for rxjs 9 (`rxjs-as-completed/rxjs9`): the same engine (src/core) as the main entry,
// under an adapter to the platform Observable. It imports `rxjs`, which installs the Observable
// polyfill and declares the global `Observable` types its signatures use.
import 'rxjs';

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
} from '../core/settled.js';
export { AsCompletedTimeoutError, createTimeoutError, type TimeoutErrorDetails } from './timeout-error.js';

export { asCompleted } from './as-completed.js';
export { asCompletedSettled } from './as-completed-settled.js';
export { forkAsCompleted, forkAsCompletedSettled } from './fork-as-completed.js';
export type { InputDictionary, KeyedSettledRecord } from './fork-as-completed.js';
export type { AsCompletedInput, InputFactory, InputValue } from './inputs.js';
export type { AsCompletedConfig, AsCompletedOptions } from './options.js';
export type {
  AbortedRecord,
  FulfilledRecord,
  RejectedRecord,
  SettledRecord,
  TimeoutRecord,
} from './core/settled.js';
export { AsCompletedTimeoutError } from './timeout-error.js';

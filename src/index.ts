export { asCompleted } from './as-completed';
export { asCompletedSettled } from './as-completed-settled';
export { forkAsCompleted, forkAsCompletedSettled } from './fork-as-completed';
export type { InputDictionary, KeyedSettledRecord } from './fork-as-completed';
export type { AsCompletedConfig, AsCompletedOptions } from './options';
export type { FulfilledRecord, RejectedRecord, SettledRecord, TimeoutRecord } from './settled';
export { AsCompletedTimeoutError } from './timeout-error';

/** The reference server's store: the interface, a durable file store and a memory store. */
export type { BatchRecord, CampaignRequestRecord, Clock, FileRecord, Store, StreamedBatch, StreamedUnit } from './types.js';
export { openFileStore } from './file-store.js';
export type { FileStore, FileStoreOptions, RecoveryReport } from './file-store.js';
export { createMemoryStore } from './memory-store.js';
export { StoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { checkName, encodeName } from './names.js';

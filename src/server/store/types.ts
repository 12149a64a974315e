/**
 * What the reference server stores, and the interface it codes against.
 *
 * Two implementations keep the same semantics: `openFileStore` (durable, the default for `serve
 * --data-dir`) and `createMemoryStore` (for tests that need no disk). Records handed in are copied and
 * records handed out are copies: changing a returned batch changes nothing until it is put again.
 */
export interface BatchRecord {
  id: string;
  datasetId: string;
  imsOrg: string;
  sandbox: string;
  status: string;
  inputFormat: { format: string; isMultiLineJson?: boolean };
  created: number;
  updated: number;
  createdUser: string;
  updatedUser: string;
  tags: Record<string, unknown>;
  errors: { code: string; description: string; rows?: number[] }[];
  metrics: Record<string, number>;
  replay?: { predecessors: string[]; reason: string };
  kind: 'api' | 'streaming-success' | 'streaming-error';
  /** free-form history for trace checks */
  history: { status: string; at: number; event: string }[];
}

export interface FileRecord {
  batchId: string;
  datasetId: string;
  name: string;
  state: 'uploading' | 'complete';
  /** Whole files: their length. Chunked uploads: the extent received so far (highest end + 1). */
  size: number;
  /** for chunked uploads: the byte ranges received so far, each [start, end] inclusive */
  ranges: [number, number][];
  /** Hex SHA-256 of the content, once the file is complete. */
  sha256?: string;
  created: number;
}

export interface CampaignRequestRecord {
  requestId: string;
  org: string;
  mappingId: string;
  status: string;
  created: number;
  updated: number;
  numRecords?: number;
  batchId?: string;
  info?: string;
}

export interface Store {
  /** Where the store keeps its data; `:memory:` for the memory store. */
  readonly dir: string;
  // batches
  /** Create or replace; durable when the promise resolves. */
  putBatch(batch: BatchRecord): Promise<void>;
  /** Reads from memory (the store keeps an in-memory index rebuilt at open). */
  getBatch(id: string): BatchRecord | undefined;
  listBatches(filter?: { datasetId?: string; kind?: BatchRecord['kind'] }): BatchRecord[];
  // files: small ones in one call; large ones as chunks
  /** Whole file, durable on resolve; replaces an earlier file (complete or uploading) of the same name. */
  putFile(batchId: string, datasetId: string, name: string, bytes: Uint8Array): Promise<FileRecord>;
  /**
   * Bytes at [start, start+len-1]; creates the file record in 'uploading' state if needed; durable on
   * resolve. A chunk at a start already received replaces the earlier one (a client's retry).
   */
  writeChunk(batchId: string, datasetId: string, name: string, start: number, bytes: Uint8Array): Promise<FileRecord>;
  /** Marks complete (the server checks gaps/overlaps before calling it, using `ranges`). */
  completeFile(batchId: string, datasetId: string, name: string): Promise<FileRecord>;
  getFile(batchId: string, datasetId: string, name: string): FileRecord | undefined;
  listFiles(batchId: string): FileRecord[];
  /** The content of a complete file; a StoreError `not-found` or `conflict` (still uploading) otherwise. */
  readFile(batchId: string, datasetId: string, name: string): Promise<Uint8Array>;
  openFileStream(batchId: string, datasetId: string, name: string): NodeJS.ReadableStream;
  // failed-batch output (what the export API serves): named JSON/NDJSON blobs per batch
  putFailedOutput(batchId: string, name: string, bytes: Uint8Array): Promise<void>;
  listFailedOutputs(batchId: string): { name: string; length: number }[];
  readFailedOutput(batchId: string, name: string): Promise<Uint8Array | undefined>;
  // streaming messages accepted into a success or error batch: appended as NDJSON, durable on resolve
  /** All records of one call become visible together, or (after a crash before resolving) none of them. */
  appendRecords(batchId: string, records: unknown[]): Promise<void>;
  readRecords(batchId: string): Promise<unknown[]>;
  /**
   * The batches one streaming request made, their records and failed outputs, stored as one unit: when
   * the promise resolves all of it is durable and visible; when it rejects (or after a crash before it
   * resolved) none of it is. Records are JSON texts, stored as the bytes given (never re-serialised);
   * `readRecords` parses them. Batches must be new ids; a later `putBatch` of one replaces its record.
   */
  appendStreamed(unit: StreamedUnit): Promise<void>;
  // Campaign requests
  putCampaignRequest(r: CampaignRequestRecord): Promise<void>;
  getCampaignRequest(requestId: string): CampaignRequestRecord | undefined;
  listCampaignRequests(filter?: { mappingId?: string }): CampaignRequestRecord[];
  /** Waits for writes under way, then releases the store; later writes reject with StoreError `closed`. */
  close(): Promise<void>;
}

/** One batch of a streaming request: its record, its records' JSON texts and its failed outputs. */
export interface StreamedBatch {
  batch: BatchRecord;
  /** The records' JSON texts back to back: record `i` is `texts[ends[i-1] ?? 0 .. ends[i]]`. */
  texts: Uint8Array;
  ends: readonly number[];
  /** Failed-batch outputs (what the export API serves), stored with the batch. */
  outputs?: readonly { name: string; bytes: Uint8Array }[];
}

export interface StreamedUnit {
  batches: readonly StreamedBatch[];
}

export interface Clock {
  now(): number;
}

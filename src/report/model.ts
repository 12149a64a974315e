import type { Finding, Severity } from '../rules/finding.js';

/** One violation in the shape the platform's failed-batch area reports (`_validationErrors`). */
export interface StreamingValidationError {
  keyword: string;
  message: string;
  /** JSON pointer into `xdmEntity`, prefixed with `#`, as the platform writes it: `#/timestamp`. */
  pointerToViolation: string;
  schemaLocation: string;
}

/** What happens to one message of a streaming request. */
export type PredictedMessage =
  | {
      index: number;
      outcome: 'accepted';
      /** The 207 entry's xactionId, with the server-made batch id left as `<batchId>`. */
      xactionId: string;
      /** Downstream streaming validation: `pass` ingests; `fail` lands in the dataset's error batch. */
      streamingValidation: { status: 'pass' } | { status: 'fail'; errors: StreamingValidationError[] };
    }
  | { index: number; outcome: 'rejected'; statusCode: 400; message: string };

/** The documented 207 entry on the wire. */
export type WireResponseEntry = { xactionId: string } | { statusCode: 400; message: string };

export type PredictedAnswer =
  | {
      kind: 'batch-request';
      endpoint: string;
      inletId: string;
      status: 207;
      /** The body as the platform would send it; server-made values are `<batchId>` and `<receivedTimeMs>`. */
      body: { inletId: string; batchId: string; receivedTimeMs: string; responses: WireResponseEntry[] };
      messages: PredictedMessage[];
      counts: PredictedCounts;
    }
  | { kind: 'batch-request'; endpoint: string; inletId: string; status: 400 | 413; reason: string }
  | {
      kind: 'single-message';
      endpoint: string;
      inletId: string;
      status: 200 | 400 | 413;
      reason?: string;
      message?: PredictedMessage;
    }
  | {
      /** NDJSON: one message per line, each judged as one element of a batch request. */
      kind: 'message-stream';
      endpoint: string;
      inletId: string;
      counts: PredictedCounts;
      /** Only the messages that are not plainly accepted, so memory stays flat on large files. */
      notAccepted: PredictedMessage[];
      notAcceptedTruncated: number;
    }
  | PredictedBatchFile;

/** One `_validationErrors` item of a failed batch record, as the failed-batch output shows it. */
export interface BatchValidationError extends StreamingValidationError {
  causingExceptions: unknown[];
}

/** A record of a batch file that would be in the failed output (`GET /batches/{BATCH_ID}/failed`). */
export interface PredictedFailedRecord {
  /** The row the platform names: the line for single-line JSON and CSV, the 1-based position otherwise. */
  row: number;
  /** Set when the record could not be parsed: the text as written (row errors, `parsing_errors_0.json`). */
  _corrupt_record?: string;
  _validationErrors: BatchValidationError[];
}

/** A batch file (`preflight --dataset`): how its batch would end, and which records would fail. */
export interface PredictedBatchFile {
  kind: 'batch-file';
  datasetId: string;
  format: 'json' | 'parquet' | 'csv';
  /** JSON read as one document (`isMultiLineJson: true`). */
  multiline?: boolean;
  status: 'success' | 'failed';
  counts: { records: number; valid: number; failed: number };
  partialIngestionPercent?: number;
  /** Errors of the file as a whole, in the batch's `errors` shape (`106`, `118`, …). */
  errors: { code: string; description: string }[];
  /** The first failed records, in file order. */
  failedRecords: PredictedFailedRecord[];
  failedRecordsTruncated: number;
}

export interface PredictedCounts {
  messages: number;
  accepted: number;
  rejected: number;
  /** Accepted at the endpoint but failing streaming validation: they land in the error batch. */
  errorBatch: number;
}

export type InputKind = 'request' | 'message' | 'ndjson';

export interface FileReport {
  file: string;
  /** `batch-file`: a file judged against a dataset (`preflight --dataset`). */
  kind: InputKind | 'batch-file' | null;
  bytes: number;
  findings: Finding[];
  /** Findings not kept because of `--max-findings`; they still count in the summary. */
  findingsDropped: number;
  /** Set when the input could not be read or parsed (exit code 3). */
  inputError?: { message: string; line?: number; column?: number };
  predicted: PredictedAnswer | null;
}

export interface PreflightReport {
  tool: { name: 'aep-ingest-harness'; version: string };
  profile: string;
  world: string;
  inlet: string | null;
  files: FileReport[];
  summary: {
    files: number;
    findings: Record<Severity, number>;
    inputErrors: number;
    /** Findings an `ignores` entry of the configuration file dropped; present when a configuration file is used. */
    ignored?: number;
  };
}

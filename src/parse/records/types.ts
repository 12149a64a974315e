/**
 * One record of a batch file as a reader hands it out: its value, or why it could not be read (the
 * platform writes such a record to its row errors as `_corrupt_record`). Readers keep where each record
 * is, so a finding can point at it: the line it starts on (JSON, CSV) or its row (Parquet).
 */
export type BatchRecord = ParsedRecord | CorruptRecord;

interface RecordPlace {
  /** The record's row as the platform's failed output names it: the line for single-line JSON and CSV, the 1-based position otherwise. */
  row: number;
  /** 1-based line the record starts on; for Parquet, the row. */
  line: number;
  /** Byte offset of the record's end in the file (for progress); 0 when unknown. */
  endOffset: number;
}

export interface ParsedRecord extends RecordPlace {
  value: unknown;
  /** The record's JSON text, kept so a pointer into it can be located; absent for Parquet and CSV. */
  text?: string;
  /** How many fields the row has (CSV cells, Parquet columns); absent for JSON. */
  fields?: number;
}

export interface CorruptRecord extends RecordPlace {
  /** The record as written (possibly cut short), for `_corrupt_record`. */
  corrupt: string;
  reason: string;
  /** Where in the file the reading failed. */
  at: { line: number; column: number };
}

export function isCorrupt(record: BatchRecord): record is CorruptRecord {
  return 'corrupt' in record;
}

/** A fault of the whole file: no record can be read past it. */
export class FileFault extends Error {
  constructor(
    message: string,
    readonly at?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** Longest corrupt text kept for `_corrupt_record`. */
export const CORRUPT_TEXT_MAX = 1024;

export function clipCorrupt(text: string): string {
  return text.length > CORRUPT_TEXT_MAX ? `${text.slice(0, CORRUPT_TEXT_MAX)}…` : text;
}

/** Streaming readers of batch files' records, one per input format. */
export * from './types.js';
export { readJsonLineRecords, jsonLineRecordsOf, readJsonLineRange, splitOnLines, countLines, type ByteRange } from './json-lines.js';
export { readJsonArrayRecords, JsonArrayScanner } from './json-array.js';
export { readParquetRecords, fromParquet } from './parquet.js';
export { readCsvRows, csvRecord, type CsvRow, type ColumnTypes } from './csv.js';

/** Readers that keep locations: files, UTF-8, JSON syntax, JSON pointers, NDJSON lines. */
export { InputError, readInputFile, decodeUtf8, describeFsError, findUtf8Fault, formatBytes } from './input.js';
export type { Utf8Fault } from './input.js';
export { LineIndex, positionAt, positionsAt } from './lines.js';
export type { LineColumn } from './lines.js';
export { findSyntaxError } from './syntax.js';
export type { SyntaxErrorLocation } from './syntax.js';
export { locatePointers, parsePointer } from './locate.js';
export type { PointerLocation, LocateOptions } from './locate.js';
export { readLineBatches, splitLinesSync, DEFAULT_MAX_LINE_BYTES } from './ndjson.js';
export type { LineRecord, ReadLinesOptions } from './ndjson.js';

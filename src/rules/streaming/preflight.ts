/**
 * Pre-flight of one streaming payload file: read it safely, parse it, run the analyser, locate every
 * finding (line, column, pointer) and write the predicted answer. Request and single-message files are
 * read whole (they are at most a few MB when they can be sent at all); NDJSON is streamed line by line.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FileReport, InputKind, PredictedMessage } from '../../report/model.js';
import type { Finding } from '../finding.js';
import { decodeUtf8, describeFsError, InputError, readInputFile } from '../../parse/input.js';
import { findSyntaxError } from '../../parse/syntax.js';
import { locatePointers } from '../../parse/locate.js';
import { readLineBatches } from '../../parse/ndjson.js';
import { spoolIfStream } from '../../parse/read-bounded.js';
import { XACTION_ID } from '../../contract/streaming.js';
import type { RawFinding } from '../engine.js';
import { asObject, has, own } from './context.js';
import { countMessage, emptyCounts, type StreamingAnalyser } from './analyse.js';

export interface PreflightOptions {
  /** `auto` (default): `.ndjson`/`.jsonl` are NDJSON; other files are a request or, with header/body at the top, one message. */
  kind?: InputKind | 'auto';
  /** Findings kept per file; the rest are counted. */
  maxFindings?: number;
  /** Request and message files larger than this are not read: the platform would answer 413 anyway. */
  maxDocumentBytes?: number;
}

export const DEFAULT_MAX_FINDINGS = 1000;
const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl']);

export async function preflightFile(file: string, analyser: StreamingAnalyser, opts: PreflightOptions = {}): Promise<FileReport> {
  const kind = opts.kind ?? 'auto';
  const maxFindings = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
  try {
    if (kind === 'ndjson' || (kind === 'auto' && NDJSON_EXTENSIONS.has(extname(file).toLowerCase()))) {
      return await preflightNdjson(file, analyser, maxFindings);
    }
    return await preflightDocument(file, analyser, kind, maxFindings, opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
  } catch (error) {
    if (error instanceof InputError) return inputErrorReport(file, kind, error);
    throw error;
  }
}

/**
 * Pre-flight of one body held in memory (the bytes a client is about to send), judged as a file of the
 * same bytes would be: a request, or one message; `name` is what the report calls it.
 */
export function preflightBody(
  body: Uint8Array | string,
  name: string,
  analyser: StreamingAnalyser,
  opts: { kind?: 'request' | 'message' | 'auto'; maxFindings?: number } = {},
): FileReport {
  const kind = opts.kind ?? 'auto';
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  try {
    return judgeDocument(name, bytes, analyser, kind, opts.maxFindings ?? DEFAULT_MAX_FINDINGS);
  } catch (error) {
    if (error instanceof InputError) return inputErrorReport(name, kind, error);
    throw error;
  }
}

function inputErrorReport(file: string, kind: InputKind | 'auto', error: InputError): FileReport {
  const inputError: FileReport['inputError'] = { message: error.message };
  if (error.line !== undefined) inputError.line = error.line;
  if (error.column !== undefined) inputError.column = error.column;
  return { file, kind: kind === 'auto' ? null : kind, bytes: 0, findings: [], findingsDropped: 0, inputError, predicted: null };
}

/** Keeps at most `max` findings and counts the rest. */
class FindingSink {
  readonly findings: Finding[] = [];
  dropped = 0;
  constructor(
    private readonly file: string,
    private readonly max: number,
  ) {}

  /** Locates raw findings in `text` (one JSON document, starting at `baseLine`) and keeps them. */
  add(raw: readonly RawFinding[], text: string | null, baseLine = 1): void {
    if (raw.length === 0) return;
    const room = this.max - this.findings.length;
    if (room <= 0) {
      this.dropped += raw.length;
      return;
    }
    const kept = raw.length > room ? raw.slice(0, room) : raw;
    this.dropped += raw.length - kept.length;
    const wanted = kept.filter((f) => f.at === undefined).map((f) => f.pointer);
    const located = text !== null && wanted.length > 0 ? locatePointers(text, wanted, { baseLine }) : new Map();
    for (const f of kept) {
      const at = f.at ?? located.get(f.pointer) ?? { line: baseLine, column: 1 };
      const finding: Finding = {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: this.file,
        pointer: f.pointer,
        line: at.line,
        column: at.column,
        docs: f.docs,
      };
      if (f.messageIndex !== undefined) finding.messageIndex = f.messageIndex;
      this.findings.push(finding);
    }
  }
}

function syntaxErrorOf(text: string): { message: string; line: number; column: number } {
  const found = findSyntaxError(text);
  if (found) return { message: found.message, line: found.line, column: found.column };
  // findSyntaxError agrees with JSON.parse by construction; this is only reached if they ever disagree.
  return { message: 'the text is not JSON', line: 1, column: 1 };
}

/** A `.json` file that is really one JSON value per line gets a hint instead of a bare syntax error. */
function looksLikeNdjson(text: string, errorLine: number): boolean {
  if (errorLine < 2) return false;
  const firstLine = text.slice(0, text.indexOf('\n')).trim();
  try {
    return asObject(JSON.parse(firstLine)) !== undefined;
  } catch {
    return false;
  }
}

async function preflightDocument(
  file: string,
  analyser: StreamingAnalyser,
  kind: 'request' | 'message' | 'auto',
  maxFindings: number,
  maxDocumentBytes: number,
): Promise<FileReport> {
  const sink = new FindingSink(file, maxFindings);
  const size = await statFile(file);
  if (size > maxDocumentBytes) {
    // Not read: the platform refuses it on size alone, and holding it in memory would prove nothing more.
    const raw: RawFinding[] = [];
    const shape = kind === 'message' ? 'message' : 'request';
    const verdict = analyser.analyseRequest({ shape, bytes: size, bom: false, root: undefined }, raw);
    sink.add(raw, null);
    return {
      file,
      kind: shape,
      bytes: size,
      findings: sink.findings,
      findingsDropped: sink.dropped,
      predicted: {
        kind: shape === 'request' ? 'batch-request' : 'single-message',
        endpoint: analyser.endpoint(shape),
        inletId: analyser.inlet.id,
        status: 413,
        reason: verdict.refused?.reason ?? 'over the request limit',
      },
    };
  }
  const bytes = await readInputFile(file, { maxBytes: maxDocumentBytes });
  return judgeDocument(file, bytes, analyser, kind, maxFindings);
}

/** A request or single-message document, read: parsed, judged, its findings located, its answer written. */
function judgeDocument(file: string, bytes: Uint8Array, analyser: StreamingAnalyser, kind: 'request' | 'message' | 'auto', maxFindings: number): FileReport {
  const sink = new FindingSink(file, maxFindings);
  const { text, bom } = decodeUtf8(bytes, file);

  let root: unknown;
  let syntaxError: { message: string; line: number; column: number } | undefined;
  try {
    root = JSON.parse(text);
  } catch {
    syntaxError = syntaxErrorOf(text);
    if (looksLikeNdjson(text, syntaxError.line)) {
      syntaxError.message += '; the file looks like NDJSON (one message per line): name it .ndjson or pass --kind ndjson';
    }
  }
  const rootObject = asObject(root);
  const shape: 'request' | 'message' =
    kind !== 'auto' ? kind : rootObject && !has(rootObject, 'messages') && (has(rootObject, 'header') || has(rootObject, 'body')) ? 'message' : 'request';

  const raw: RawFinding[] = [];
  const verdict = analyser.analyseRequest(syntaxError ? { shape, bytes: bytes.length, bom, root, syntaxError } : { shape, bytes: bytes.length, bom, root }, raw);

  const messages: PredictedMessage[] = [];
  if (shape === 'request') {
    const list = own(rootObject, 'messages');
    if (Array.isArray(list)) {
      for (let i = 0; i < list.length; i++) messages.push(analyser.analyseMessage(list[i], i, `/messages/${i}`, bytes.length, raw));
    }
  } else if (!syntaxError) {
    messages.push(analyser.analyseMessage(root, 0, '', bytes.length, raw));
  }
  sink.add(raw, syntaxError ? null : text);

  const report: FileReport = {
    file,
    kind: shape,
    bytes: bytes.length,
    findings: sink.findings,
    findingsDropped: sink.dropped,
    predicted: null,
  };
  if (syntaxError) report.inputError = { message: `not JSON: ${syntaxError.message}`, line: syntaxError.line, column: syntaxError.column };

  const inletId = analyser.inlet.id;
  if (shape === 'request') {
    const endpoint = analyser.endpoint('request');
    if (verdict.refused) {
      report.predicted = { kind: 'batch-request', endpoint, inletId, status: verdict.refused.status, reason: verdict.refused.reason };
    } else {
      const counts = emptyCounts();
      for (const m of messages) countMessage(counts, m);
      report.predicted = {
        kind: 'batch-request',
        endpoint,
        inletId,
        status: 207,
        body: {
          inletId,
          batchId: XACTION_ID.batchIdPlaceholder,
          receivedTimeMs: XACTION_ID.receivedTimeMsPlaceholder,
          responses: messages.map((m) => (m.outcome === 'accepted' ? { xactionId: m.xactionId } : { statusCode: 400 as const, message: m.message })),
        },
        messages,
        counts,
      };
    }
  } else {
    const endpoint = analyser.endpoint('message');
    const message = messages[0];
    if (verdict.refused) report.predicted = { kind: 'single-message', endpoint, inletId, status: verdict.refused.status, reason: verdict.refused.reason };
    else if (message) report.predicted = { kind: 'single-message', endpoint, inletId, status: message.outcome === 'accepted' ? 200 : 400, message };
  }
  return report;
}

async function statFile(file: string): Promise<number> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : 0; // readInputFile names what is wrong with anything else
  } catch {
    return 0;
  }
}

async function startsWithBom(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } finally {
    await handle.close();
  }
}

async function preflightNdjson(file: string, analyser: StreamingAnalyser, maxFindings: number): Promise<FileReport> {
  // A pipe, FIFO or device is copied to a temporary file first (bounded): its stat size says nothing.
  const input = await spoolIfStream(file);
  try {
    return await preflightNdjsonAt(file, input.path, analyser, maxFindings);
  } finally {
    await input.release();
  }
}

async function preflightNdjsonAt(file: string, source: string, analyser: StreamingAnalyser, maxFindings: number): Promise<FileReport> {
  // Fails with a clear InputError for a directory, a missing file or an empty one, before streaming.
  const size = await statFileStrict(source, file);
  const sink = new FindingSink(file, maxFindings);
  const counts = emptyCounts();
  const notAccepted: PredictedMessage[] = [];
  let notAcceptedTruncated = 0;
  let unreadable = 0;
  let firstUnreadable: { line: number; what: string } | undefined;
  let messageIndex = 0;
  const raw: RawFinding[] = [];

  if (await startsWithBom(source)) {
    analyser.analyseRequest({ shape: 'ndjson-line', bytes: 0, bom: true, root: {} }, raw);
    sink.add(raw, null, 1);
    raw.length = 0;
  }

  for await (const batch of readLineBatches(source)) {
    for (const line of batch) {
      let root: unknown;
      let syntaxError: { message: string; line: number; column: number } | undefined;
      if (line.text === null) {
        const what = line.problem === 'too-long' ? `a line of ${line.bytes.toLocaleString('en-US')} bytes, longer than pre-flight reads` : 'a line that is not valid UTF-8';
        syntaxError = { message: what, line: line.lineNumber, column: 1 };
      } else {
        try {
          root = JSON.parse(line.text);
        } catch {
          const found = syntaxErrorOf(line.text);
          syntaxError = { message: found.message, line: line.lineNumber + found.line - 1, column: found.column };
        }
      }
      if (syntaxError) {
        unreadable++;
        firstUnreadable ??= { line: line.lineNumber, what: syntaxError.message };
        analyser.analyseRequest({ shape: 'ndjson-line', bytes: line.bytes, bom: false, root: undefined, syntaxError }, raw);
        sink.add(raw, null, line.lineNumber);
        raw.length = 0;
        continue;
      }
      analyser.analyseRequest({ shape: 'ndjson-line', bytes: line.bytes, bom: false, root }, raw);
      const verdict = analyser.analyseMessage(root, messageIndex++, '', line.bytes, raw);
      countMessage(counts, verdict);
      if (verdict.outcome === 'rejected' || verdict.streamingValidation.status === 'fail') {
        if (notAccepted.length < maxFindings) notAccepted.push(verdict);
        else notAcceptedTruncated++;
      }
      if (raw.length > 0) {
        sink.add(raw, line.text, line.lineNumber);
        raw.length = 0;
      }
    }
  }

  const report: FileReport = {
    file,
    kind: 'ndjson',
    bytes: size,
    findings: sink.findings,
    findingsDropped: sink.dropped,
    predicted: { kind: 'message-stream', endpoint: analyser.endpoint('request'), inletId: analyser.inlet.id, counts, notAccepted, notAcceptedTruncated },
  };
  if (firstUnreadable) {
    report.inputError = {
      message: `${unreadable} line${unreadable === 1 ? '' : 's'} could not be read as JSON; the first, at line ${firstUnreadable.line}: ${firstUnreadable.what}`,
      line: firstUnreadable.line,
    };
  } else if (counts.messages === 0) {
    report.inputError = { message: 'the file holds no message (every line is blank)' };
  }
  return report;
}

async function statFileStrict(source: string, file: string): Promise<number> {
  // The same checks as readInputFile, without reading the file into memory.
  let info;
  try {
    info = await stat(source);
  } catch (error) {
    throw describeFsError(error, file);
  }
  if (info.isDirectory()) throw new InputError('is a directory, not a file', file);
  if (info.size === 0) throw new InputError('file is empty', file);
  return info.size;
}

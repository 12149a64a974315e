/**
 * The short human summary `bin.ts` prints: counts, each rejected message with its documented text, the
 * batch's final status and failed records, the Campaign request's end, and why the run gave up if it did.
 * It is written from the summary alone, which holds no credential.
 */
import type { ClientRunSummary } from './env.js';

/** At most this many rejected messages, not-accepted messages or failed records are listed one by one. */
const SHOWN = 20;

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const out = items.slice(0, SHOWN).map((item) => `  ${line(item)}`);
  if (items.length > SHOWN) out.push(`  … and ${items.length - SHOWN} more`);
  return out;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function formatSummary(summary: ClientRunSummary): string {
  const lines: string[] = [];
  const s = summary.streaming;
  if (s !== undefined) {
    lines.push(`streaming: ${plural(s.messages, 'message')} in ${plural(s.requests, 'request')}: ${s.accepted} accepted, ${s.rejected.length} rejected, ${s.notAccepted.length} not accepted`);
    lines.push(...listed(s.rejected, (r) => `line ${r.line}: rejected ${r.statusCode}: ${r.message}`));
    lines.push(...listed(s.notAccepted, (r) => `line ${r.line}: ${r.status}: ${r.reason}`));
  }
  const b = summary.batch;
  if (b !== undefined) {
    const status = b.statusAsWritten ?? b.status ?? (b.aborted ? 'aborted' : 'unknown');
    lines.push(`batch: ${b.batchId ?? '(not created)'}: ${status}${b.failedRecords.length > 0 || b.failedFiles.length > 0 ? `, ${plural(b.failedRecords.length, 'failed record')} in ${plural(b.failedFiles.length, 'failed file')}` : ''}`);
    lines.push(...listed(b.failedRecords, (r) => `${r.file}: ${shorten(r.value ?? r.text)}`));
  }
  const c = summary.campaign;
  if (c !== undefined) {
    const how = c.trigger === 'already-in-progress' ? ' (already in progress when triggered)' : '';
    lines.push(`campaign: mapping ${c.mappingId}: ${c.requestId !== undefined ? `request ${c.requestId}${how}: ` : ''}${c.status ?? 'no status'}${c.numRecords !== undefined ? `, ${c.numRecords} records` : ''}${c.info ? ` (${c.info.trim()})` : ''}`);
  }
  if (s === undefined && b === undefined && c === undefined && summary.problems.length === 0) {
    lines.push('nothing to do: none of AEP_MESSAGES_FILE, AEP_BATCH_FILE, AEP_CAMPAIGN_MAPPING_ID is set');
  }
  for (const problem of summary.problems) lines.push(`gave up: ${problem}`);
  return lines.join('\n');
}

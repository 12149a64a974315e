import type { PredictedAnswer, PredictedBatchFile, PredictedCounts, PredictedMessage } from './model.js';

/**
 * The predicted answer in words, shared by the formats that print it for people (text, JUnit).
 * Message numbers are the model's 0-based index, the same number as in the finding's `[message N]`,
 * the pointer `/messages/N` and the 207 entry's `xactionId` suffix, so the three can be matched by eye.
 */
export interface PredictedWords {
  /** `207 Multi-Status — 3 accepted (1 of them to the error batch), 2 rejected`. */
  headline: string;
  /** One line per message that is not plainly accepted. */
  details: string[];
}

const REASON_PHRASE: Record<number, string> = {
  200: 'OK',
  207: 'Multi-Status',
  400: 'Bad Request',
  413: 'Payload Too Large',
};

function statusLine(status: number): string {
  const phrase = REASON_PHRASE[status];
  return phrase === undefined ? String(status) : `${status} ${phrase}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function countsPhrase(counts: PredictedCounts): string {
  const errorBatch = counts.errorBatch > 0 ? ` (${counts.errorBatch} of them to the error batch)` : '';
  return `${counts.accepted} accepted${errorBatch}, ${counts.rejected} rejected`;
}

/** `message 1: 400 inletId: […] imsOrgId: […] Message has unknown xdm format`, or null when plainly accepted. */
function messageLine(message: PredictedMessage): string | null {
  if (message.outcome === 'rejected') return `message ${message.index}: ${message.statusCode} ${message.message}`;
  if (message.streamingValidation.status === 'pass') return null;
  const [first, ...others] = message.streamingValidation.errors;
  const cause = first === undefined ? '' : `: ${first.pointerToViolation} ${first.message}`;
  const more = others.length > 0 ? ` (+${others.length} more)` : '';
  return `message ${message.index}: accepted, to the error batch${cause}${more}`;
}

function messageLines(messages: PredictedMessage[]): string[] {
  return messages.map(messageLine).filter((line): line is string => line !== null);
}

export function describePredicted(predicted: PredictedAnswer): PredictedWords {
  switch (predicted.kind) {
    case 'batch-request':
      if (predicted.status === 207) {
        return {
          headline: `${statusLine(207)} — ${countsPhrase(predicted.counts)}`,
          details: messageLines(predicted.messages),
        };
      }
      return { headline: `${statusLine(predicted.status)} — ${predicted.reason}`, details: [] };
    case 'single-message': {
      const details = predicted.message === undefined ? [] : messageLines([predicted.message]);
      const reason = predicted.reason ?? (predicted.message?.outcome === 'rejected' ? predicted.message.message : undefined);
      const headline = reason === undefined ? statusLine(predicted.status) : `${statusLine(predicted.status)} — ${reason}`;
      // A rejected single message's text is already the headline's reason.
      return { headline, details: predicted.message?.outcome === 'rejected' ? [] : details };
    }
    case 'message-stream': {
      const details = messageLines(predicted.notAccepted);
      if (predicted.notAcceptedTruncated > 0) {
        details.push(`… and ${plural(predicted.notAcceptedTruncated, 'more message', 'more messages')} not shown`);
      }
      return {
        headline: `${plural(predicted.counts.messages, 'message', 'messages')} — ${countsPhrase(predicted.counts)}`,
        details,
      };
    }
    case 'batch-file':
      return describeBatchFile(predicted);
  }
}

/** `batch failed — 3 records: 2 valid, 1 failed`, then the file's errors and one line per failed record. */
function describeBatchFile(predicted: PredictedBatchFile): PredictedWords {
  const { records, valid, failed } = predicted.counts;
  const partial = predicted.partialIngestionPercent === undefined ? '' : ` (partial ingestion up to ${predicted.partialIngestionPercent}%)`;
  const headline = `batch ${predicted.status}${partial} — ${plural(records, 'record', 'records')}: ${valid} valid, ${failed} failed`;
  const details = predicted.errors.map((e) => `error ${e.code}: ${e.description}`);
  for (const record of predicted.failedRecords) {
    const [first, ...others] = record._validationErrors;
    const cause = first === undefined ? '' : `: ${first.pointerToViolation} ${first.message}`;
    const more = others.length > 0 ? ` (+${others.length} more)` : '';
    details.push(`row ${record.row}: to the failed output${record._corrupt_record !== undefined ? ' as _corrupt_record' : ''}${cause}${more}`);
  }
  if (predicted.failedRecordsTruncated > 0) details.push(`… and ${plural(predicted.failedRecordsTruncated, 'more failed record', 'more failed records')} not shown`);
  return { headline, details };
}

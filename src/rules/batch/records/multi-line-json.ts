import { MULTI_LINE_JSON } from '../../../contract/batch.js';
import { isCorrupt } from '../../../parse/records/types.js';
import { advice, defineRule } from '../../engine.js';
import type { BatchFileContext } from './context.js';

export default defineRule<BatchFileContext, { line: number }>({
  id: 'batch.file.multi-line-json',
  title: 'A multi-line JSON file read as single-line JSON',
  description:
    'By default batch ingestion reads single-line JSON (one record per line). A file that is one document spread over lines needs inputFormat.isMultiLineJson: true, or every line fails to parse.',
  source: MULTI_LINE_JSON.sources[0]!,
  appliesTo: ['json'],
  outcome: () => advice('error'),
  message: ({ line }) =>
    `line ${line} opens a JSON document that goes on over several lines: single-line JSON (the default) reads one record per line. Create the batch with inputFormat {"format":"json","isMultiLineJson":true} (pre-flight: --multiline).`,
  check: (ctx) => {
    const first = ctx.firstRecord;
    if (ctx.format !== 'json' || ctx.multiline || first === undefined || !isCorrupt(first)) return null;
    const opening = first.corrupt.trimStart()[0];
    return opening === '[' || opening === '{' ? { pointer: '', params: { line: first.line }, at: { line: first.line, column: 1 } } : null;
  },
});

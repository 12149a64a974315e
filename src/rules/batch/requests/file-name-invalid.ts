import { always, defineRule } from '../../engine.js';
import type { BatchRequestContext } from './context.js';
import { overview } from './sources.js';

type Params = { fileName: string; why: string };

/** Why a file name cannot name a file in the batch, or undefined when it can. */
function fault(fileName: string): string | undefined {
  if (fileName === '') return 'it is empty';
  // Folders in the name are kept as partitions, so each one must be a name.
  const segments = fileName.split('/');
  if (segments.some((s) => s === '')) return 'it has an empty folder name (a leading, trailing or doubled slash)';
  if (segments.some((s) => s === '.' || s === '..')) return 'it has a "." or ".." segment';
  if (fileName.includes('\\')) return 'it holds a backslash';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(fileName)) return 'it holds a control character';
  return undefined;
}

export default defineRule<BatchRequestContext, Params>({
  id: 'batch.request.file-name-invalid',
  title: 'The file name cannot name a file',
  description:
    'The file is named by the last part of the path, …/files/{FILE_NAME}; folders in it are kept as partitions, so every part must be a plain name.',
  source: overview('Upload a small file'),
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ fileName, why }) => `The file name "${fileName}" cannot name a file: ${why}.`,
  check: (ctx) => {
    const { fileName } = ctx.route;
    if (fileName === undefined) return null;
    const why = fault(fileName);
    return why === undefined ? null : { pointer: ctx.pointers.url, params: { fileName, why } };
  },
});

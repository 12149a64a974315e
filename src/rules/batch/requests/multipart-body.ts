import { always, defineRule } from '../../engine.js';
import { carriesFileBytes, header, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

export default defineRule<BatchRequestContext, Record<string, never>>({
  id: 'batch.request.multipart-body',
  title: 'File bytes are sent as a multipart form',
  description:
    'Do not use the curl -F option: it sends a multipart request, which the API does not accept. File bytes are sent raw, as application/octet-stream.',
  source: overview('Upload a small file'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: () => 'The file is sent as multipart/form-data (curl -F); the API takes the raw bytes as application/octet-stream.',
  check: (ctx) => {
    if (!carriesFileBytes(ctx)) return null;
    const h = header(ctx, 'Content-Type');
    return h !== undefined && h.value.trim().toLowerCase().startsWith('multipart/') ? { pointer: h.pointer, params: {} } : null;
  },
});

import { advice, defineRule } from '../../engine.js';
import type { RequestContext } from '../context.js';

export default defineRule<RequestContext, Record<string, never>>({
  id: 'streaming.input.byte-order-mark',
  title: 'File starts with a byte order mark',
  description:
    'JSON sent over the network must not start with a byte order mark; a receiver may ignore it or refuse the body. Pre-flight reads past it; send the file without it.',
  source: { source: 'rfc8259', section: '8.1 Character Encoding' },
  outcome: () => advice('warn'),
  message: () => 'The file starts with a UTF-8 byte order mark (EF BB BF); remove it before sending, a JSON receiver may refuse it.',
  check: (ctx) => (ctx.bom ? { pointer: '', params: {} } : null),
});

import { defineRule, rejectMessage } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';
import { preview } from '../json-type.js';

export default defineRule<MessageContext, { given: string; expected: string; inletId: string }>({
  id: 'streaming.header.ims-org-mismatch',
  title: "imsOrgId is not the inlet's org",
  description:
    'The imsOrgId in a message header has to match the org of the inlet the request is sent to; otherwise the message is answered "Message has an absent or wrong ims org in the header".',
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('absentOrWrongImsOrg'),
  message: ({ given, expected, inletId }) => `imsOrgId ${given} is not the org of inlet ${inletId}, which is "${expected}".`,
  check: (ctx) => {
    if (!has(ctx.header, 'imsOrgId')) return null;
    const given = own(ctx.header, 'imsOrgId');
    if (given === ctx.inlet.org) return null;
    return {
      pointer: `${ctx.base}/header/imsOrgId`,
      params: { given: preview(given), expected: ctx.inlet.org, inletId: ctx.inlet.id },
    };
  },
});

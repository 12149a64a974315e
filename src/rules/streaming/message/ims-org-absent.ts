import { pick } from '../../../contract/streaming.js';
import { advice, defineRule, rejectMessage } from '../../engine.js';
import { has, type MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { org: string }>({
  id: 'streaming.header.ims-org-absent',
  title: 'Header has no imsOrgId',
  description:
    "The tutorial says the platform adds a missing imsOrgId (the inlet's org); the OpenAPI file makes it required. Under the docs profile this is information; under openapi and strict the message is answered \"Message has an absent or wrong ims org in the header\".",
  source: FAILED_MESSAGES,
  outcome: (profile) =>
    pick(profile, 'streaming.imsOrgId.absent').value === 'filled-in' ? advice('info') : rejectMessage('absentOrWrongImsOrg'),
  message: ({ org }) => `The header has no imsOrgId; the tutorial says the platform fills in the inlet's org (${org}), the OpenAPI file requires it.`,
  check: (ctx) =>
    ctx.header !== undefined && !has(ctx.header, 'imsOrgId') ? { pointer: `${ctx.base}/header`, params: { org: ctx.inlet.org } } : null,
});

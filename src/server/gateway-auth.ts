/**
 * The headers every platform API call carries (batch ingestion, Catalog, Data Access), checked the way
 * the platform's API gateway answers: `{error_code, message}` bodies from `contract/gateway.ts`, with the
 * status the error code starts with. What the gateway does not document (an unknown org, a sandbox) is
 * said where it is decided.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SANDBOX_NAME_RULE } from '../contract/batch.js';
import { gatewayErrorBody, GATEWAY_ERRORS, type GatewayErrorKey } from '../contract/gateway.js';
import { serviceError } from './app.js';
import type { ServerContext } from './context.js';
import { header, sendJson } from './http.js';

/** Who is calling, once the required headers passed. */
export interface PlatformCaller {
  org: string;
  sandbox: string;
  /** A stable user id derived from the token; the token itself is never kept or shown. */
  user: string;
}

function refuseGateway(res: ServerResponse, key: GatewayErrorKey): null {
  sendJson(res, GATEWAY_ERRORS[key].status, gatewayErrorBody(key));
  return null;
}

/**
 * Checks Authorization, x-api-key, x-gw-ims-org-id and x-sandbox-name in the order the gateway meets
 * them; answers and returns null when one fails.
 */
export function checkPlatformHeaders(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): PlatformCaller | null {
  const authorization = header(req, 'authorization');
  if (authorization === undefined || authorization.trim() === '') return refuseGateway(res, 'tokenMissing');
  // The world holds no platform tokens, so any bearer token is taken; one that is not a bearer token is not valid.
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (token === undefined) return refuseGateway(res, 'tokenInvalid');

  const apiKey = header(req, 'x-api-key');
  if (apiKey === undefined || apiKey.trim() === '') return refuseGateway(res, 'apiKeyMissing');

  const orgId = header(req, 'x-gw-ims-org-id');
  if (orgId === undefined || orgId.trim() === '') return refuseGateway(res, 'headerMissing');
  const org = ctx.world.orgs.find((o) => o.id === orgId.trim());
  // No source documents the answer to an org the caller cannot use. The closest documented gateway error is
  // 403025 "Profile is not valid": the caller holds no product profile granting access in that org. (401013
  // would blame the token, 400003 a header that is present.)
  if (org === undefined) return refuseGateway(res, 'profileInvalid');

  const sandbox = header(req, 'x-sandbox-name')?.trim();
  // Inferred: the gateway documents no sandbox error, so a missing or unknown sandbox is the service's
  // 400 problem body, naming the sandboxes of the org.
  if (sandbox === undefined || sandbox === '') {
    sendJson(res, 400, serviceError(400, 'BadRequestError', `the x-sandbox-name header is required; sandboxes of org ${org.id}: ${org.sandboxes.join(', ')}`));
    return null;
  }
  if (!org.sandboxes.includes(sandbox)) {
    const lowerCase = SANDBOX_NAME_RULE.pattern.test(sandbox) ? '' : ' (sandbox names are all lower case)';
    sendJson(res, 400, serviceError(400, 'BadRequestError', `"${sandbox}" is not a sandbox of org ${org.id}${lowerCase}; its sandboxes: ${org.sandboxes.join(', ')}`));
    return null;
  }
  const user = `${createHash('sha256').update(token).digest('hex').slice(0, 24).toUpperCase()}@AdobeID`;
  return { org: org.id, sandbox, user };
}

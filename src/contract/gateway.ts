/**
 * Error bodies of the platform's API gateway (in front of platform.adobe.io) and of the services behind
 * it, as data. The gateway answers `{ error_code, message }`; services answer a problem body
 * `{ type, status, title, detail }`. The batch and catalog OpenAPI files give no error schema at all
 * (every error response is `content: {}`), so these shapes come from the platform troubleshooting guide.
 */
import type { SourceRef } from './sources.js';

const HEADER_ERRORS = (section: string): SourceRef => ({ source: 'platform-troubleshooting', section });

export type GatewayErrorKey =
  | 'tokenMissing'
  | 'tokenInvalid'
  | 'apiKeyMissing'
  | 'apiKeyInvalid'
  | 'headerMissing'
  | 'profileInvalid';

export interface GatewayError {
  /** As the platform writes it: a string of six digits. */
  errorCode: string;
  /** The documented `message`, exactly. */
  message: string;
  /** The HTTP status: the error code's first three digits (see `statusOfErrorCode`). */
  status: number;
  /** What causes it, in the project's words. */
  cause: string;
  source: SourceRef;
}

/**
 * No source pairs these codes with an HTTP status in so many words; each code starts with a status
 * (403010, 401013, 400003), so the harness answers the code's first three digits.
 */
export function statusOfErrorCode(errorCode: string): number {
  return Number(errorCode.slice(0, 3));
}

const g = (errorCode: string, message: string, cause: string, section: string): GatewayError => ({
  errorCode,
  message,
  status: statusOfErrorCode(errorCode),
  cause,
  source: HEADER_ERRORS(section),
});

export const GATEWAY_ERRORS: Record<GatewayErrorKey, GatewayError> = {
  tokenMissing: g('403010', 'Oauth token is missing.', 'No Authorization header.', 'Request header errors: OAuth token is missing'),
  tokenInvalid: g('401013', 'Oauth token is not valid', 'The bearer token in Authorization is not valid, for example expired.', 'Request header errors: OAuth token is not valid'),
  apiKeyMissing: g('403000', 'Api Key is required', 'No x-api-key header.', 'Request header errors: API key is required'),
  apiKeyInvalid: g('403003', 'Api Key is invalid', 'The x-api-key value is not a known client id.', 'Request header errors: API key is invalid'),
  headerMissing: g('400003', 'Missing header', 'A required header is absent; the documented case is x-gw-ims-org-id.', 'Request header errors: Missing header'),
  profileInvalid: g('403025', 'Profile is not valid', 'The caller lacks the product profile that grants access to the API.', 'Request header errors: Profile is not valid'),
};

/** The gateway body as sent: `{ "error_code": "…", "message": "…" }`. */
export function gatewayErrorBody(key: GatewayErrorKey): { error_code: string; message: string } {
  const e = GATEWAY_ERRORS[key];
  return { error_code: e.errorCode, message: e.message };
}

/** The service error body and its documented example. */
export const SERVICE_ERROR = {
  fields: ['type', 'status', 'title', 'detail'] as const,
  example: {
    type: '/placeholder/type/uri',
    status: 400,
    title: 'BadRequestError',
    detail: 'A valid content-type must be specified',
  },
  source: HEADER_ERRORS('Request header errors: Valid content-type not specified'),
} as const;

export interface ServiceErrorBody {
  type: string;
  status: number;
  title: string;
  detail: string;
}

export function serviceErrorBody(status: number, title: string, detail: string): ServiceErrorBody {
  return { type: SERVICE_ERROR.example.type, status, title, detail };
}

import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from '../../../src/report/redact.js';
import { BEARER, JWT } from './fixture.js';

describe('secrets never reach a report', () => {
  it('replaces the token of a bearer Authorization value and keeps the scheme word', () => {
    expect(redactSecrets(`Authorization: ${BEARER}`)).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('authorization: bearer 0123456789abcdef.ghijk')).toBe('authorization: bearer [REDACTED]');
  });

  it('leaves prose about bearer tokens alone', () => {
    const prose = 'Authorization: Bearer is only required on authenticated inlets; Bearer tokens expire';
    expect(redactSecrets(prose)).toBe(prose);
  });

  it('replaces a JWT wherever it stands', () => {
    expect(redactSecrets(`token=${JWT};`)).toBe('token=[REDACTED];');
    expect(redactSecrets(`"${JWT}"`)).toBe('"[REDACTED]"');
    expect(redactSecrets(JWT)).not.toContain('eyJ');
  });

  it('replaces three dotted base64url segments of random characters even without a JWT header', () => {
    expect(redactSecrets('k9Xq2ZtR.p4Lm8WnB7c.Q1s5Vd0e')).toBe('[REDACTED]');
  });

  it('does not mistake XDM paths, host names, file names or versions for tokens', () => {
    for (const text of [
      'xdmEntity._experience.analytics.customDimensions is not in the schema',
      'see https://experienceleague.adobe.com/docs/experience-platform/guardrails.html',
      'payloads/streaming.request.valid.json',
      'schema version 1.2.3',
      'batchId 1565628583792:1485:153',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  it('replaces the value of credential-named keys', () => {
    expect(redactSecrets('client_secret=p8e-abcDEF123')).toBe('client_secret=[REDACTED]');
    expect(redactSecrets('"access_token": "xyz"')).toBe('"access_token": "[REDACTED]"');
  });

  it('redacts every string value of a nested value and leaves keys, numbers and the input untouched', () => {
    const input = { message: BEARER, nested: [{ token: JWT, line: 3 }], ok: true, none: null };
    expect(redactDeep(input)).toEqual({
      message: 'Bearer [REDACTED]',
      nested: [{ token: '[REDACTED]', line: 3 }],
      ok: true,
      none: null,
    });
    expect(input.message).toBe(BEARER);
  });
});

/**
 * What counts as a secret, in text and in data, the same for a recording and for every report format:
 * secret-looking names (case and separators ignored) whatever their value's type, URL credentials in
 * any text, and JSON that stays JSON once redacted.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretName, redactDeep, redactSecrets, REDACTED } from '../../src/report/redact.js';

describe('secret-looking field names, case-insensitive, with any separator', () => {
  it.each(['apiKey', 'api_key', 'API-KEY', 'x-api-key', 'token', 'Token', 'access_token', 'accessToken', 'refresh-token', 'id.token', 'secret', 'client_secret', 'clientSecret', 'CLIENT SECRET', 'password', 'dbPassword', 'passwd', 'private_key', 'credentials', 'authorization', 'secretValue'])(
    '%s is a secret name',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['_id', 'key', 'primaryKey', 'name', 'eventType', 'xactionId', 'tokenizedName', 'datasetId', 'schemaRef', 'accessKeyId'])('%s is not', (name) => expect(isSecretName(name)).toBe(false));
});

describe('a secret-named value in text is redacted whatever its type, and JSON stays JSON', () => {
  it('a string, a number, an array and an object', () => {
    const text = JSON.stringify({ token: 'tk-1a2b3c', apiKey: 123456789, client_secret: ['a-1', 'b-2'], nested: { Password: { v: 'pw-9', rotated: true } }, name: 'kept' });
    const redacted = redactSecrets(text);
    expect(JSON.parse(redacted)).toEqual({ token: REDACTED, apiKey: REDACTED, client_secret: REDACTED, nested: { Password: REDACTED }, name: 'kept' });
  });

  it('an array holding brackets and quotes inside its strings is redacted to its real end', () => {
    const text = '{"secret":["x]\\"}","y"],"after":1}';
    expect(JSON.parse(redactSecrets(text))).toEqual({ secret: REDACTED, after: 1 });
  });

  it('YAML, query strings and key=value lines', () => {
    expect(redactSecrets('client_secret: s3cr3t-value\nname: kept')).toBe(`client_secret: ${REDACTED}\nname: kept`);
    expect(redactSecrets('grant_type=x&client_secret=abc123&scope=y')).toBe(`grant_type=x&client_secret=${REDACTED}&scope=y`);
    expect(redactSecrets("{'api-key': 'k-77'}")).toBe(`{'api-key': '${REDACTED}'}`);
  });

  it('null, booleans and empty values are kept: they hold no secret', () => {
    expect(redactSecrets('{"token":null,"secret":false,"password":""}')).toBe('{"token":null,"secret":false,"password":""}');
  });

  it('is idempotent', () => {
    const once = redactSecrets('{"token":["a"],"x":"https://h/?code=abc&key=def"}');
    expect(redactSecrets(once)).toBe(once);
  });

  it('prose that names a secret without a value is left as it is', () => {
    const prose = 'The token is sent in the Authorization header; a client secret never leaves the server.';
    expect(redactSecrets(prose)).toBe(prose);
  });
});

describe('code= and key= of a URL, wherever the URL stands', () => {
  it('in a sentence, a JSON string and a Location value', () => {
    expect(redactSecrets('go to https://login.example.test/cb?code=AbC123&state=s1 now')).toBe(`go to https://login.example.test/cb?code=${REDACTED}&state=s1 now`);
    expect(redactSecrets('{"u":"https://f.example.test/x.csv?v=1&key=K-9z"}')).toBe(`{"u":"https://f.example.test/x.csv?v=1&key=${REDACTED}"}`);
  });

  it('a code or key word outside a query string is not touched', () => {
    expect(redactSecrets('status code=400, primary key=email')).toBe('status code=400, primary key=email');
  });
});

describe('redactDeep, which every report format runs on its model', () => {
  it('replaces the value of a secret-named field whole, at any depth', () => {
    const model = { files: [{ findings: [{ message: 'kept', params: { value: { client_secret: ['a', 'b'], token: 42, ok: 'x' } } }] }] };
    expect(redactDeep(model)).toEqual({ files: [{ findings: [{ message: 'kept', params: { value: { client_secret: REDACTED, token: REDACTED, ok: 'x' } } }] }] });
  });

  it('a user pattern applies to every string', () => {
    expect(redactDeep({ note: 'ref ACME-123456' }, createRedactor([/ACME-\d{6}/]))).toEqual({ note: `ref ${REDACTED}` });
  });
});

describe('a CSV batch file recorded through the proxy', () => {
  it('has its secret-named columns redacted in every record, quotes and line breaks respected', async () => {
    const { redactExchange } = await import('../../src/replay/redact-exchange.js');
    const csv = '_id,Password,note\r\ne-1,pw-1a2b,"a, ""quoted"" note"\r\ne-2,"pw,2\nwith break",plain\r\n';
    const exchange = redactExchange(
      {
        index: 0,
        startedDateTime: '2024-11-23T14:20:00.000Z',
        timeMs: 1,
        request: { method: 'PUT', url: 'http://127.0.0.1:1/data/foundation/import/batches/b/datasets/d/files/events.csv', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/octet-stream' }], body: Buffer.from(csv) },
        response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], body: Buffer.alloc(0) },
      },
      createRedactor(),
    );
    expect(exchange.request.body.text).toBe(`_id,Password,note\r\ne-1,${REDACTED},"a, ""quoted"" note"\r\ne-2,${REDACTED},plain\r\n`);
  });
});

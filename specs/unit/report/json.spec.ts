import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/report/json.js';
import { JWT, RULES, reportWithSecrets, sampleReport } from './fixture.js';

const ctx = { rules: RULES, color: false };

describe('json format: the pre-flight report as the model', () => {
  it('round-trips to the same report', () => {
    expect(JSON.parse(renderJson(sampleReport(), ctx))).toEqual(sampleReport());
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const output = renderJson(sampleReport(), ctx);
    expect(output.startsWith('{\n  "tool": {\n    "name": "aep-ingest-harness"')).toBe(true);
    expect(output.endsWith('}\n')).toBe(true);
  });

  it('never contains a bearer token or a JWT quoted by a finding', () => {
    const output = renderJson(reportWithSecrets(), ctx);
    expect(output).not.toMatch(/Bearer abc/);
    expect(output).not.toContain(JWT);
    expect(output).not.toContain('eyJ');
    const parsed = JSON.parse(output) as ReturnType<typeof sampleReport>;
    expect(parsed.files[0]?.findings[2]?.message).toBe(
      'Request carries "Authorization: Bearer [REDACTED]" and x-token [REDACTED] in the message header & <body>',
    );
  });

  it('changes nothing but secrets', () => {
    const parsed = JSON.parse(renderJson(reportWithSecrets(), ctx)) as ReturnType<typeof sampleReport>;
    const expected = sampleReport();
    expected.files[0]!.findings[2]!.message = parsed.files[0]!.findings[2]!.message;
    expect(parsed).toEqual(expected);
  });
});

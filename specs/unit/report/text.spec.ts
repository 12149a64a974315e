import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { FileReport, PreflightReport } from '../../../src/report/model.js';
import { renderText } from '../../../src/report/text.js';
import { BEARER, INLET, JWT, RULES, UNKNOWN_XDM, reportWithSecrets, sampleReport } from './fixture.js';

const plain = { rules: RULES, color: false };
const coloured = { rules: RULES, color: true };

function lines(output: string): string[] {
  return output.split('\n');
}

function reportOf(file: FileReport, summary: Partial<PreflightReport['summary']> = {}): PreflightReport {
  return {
    ...sampleReport(),
    files: [file],
    summary: { files: 1, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0, ...summary },
  };
}

function cleanFile(predicted: FileReport['predicted']): FileReport {
  return { file: 'payloads/p.json', kind: 'request', bytes: 10, findings: [], findingsDropped: 0, predicted };
}

describe('text format: findings for people at a terminal', () => {
  it('has no escape codes at all without colour', () => {
    expect(renderText(sampleReport(), plain)).not.toContain('\u001b');
  });

  it('colours severities and rule ids with colour, and only adds escape codes', () => {
    const output = renderText(sampleReport(), coloured);
    expect(output).toContain('\u001b[31merror\u001b[39m');
    expect(output).toContain('\u001b[33mwarning\u001b[39m');
    expect(output).toContain('\u001b[2mstreaming/timestamp-format\u001b[22m');
    expect(stripVTControlCharacters(output)).toBe(renderText(sampleReport(), plain));
  });

  it('prints one line per finding, sorted by file, line and column, as path:line:column severity message ruleId', () => {
    const findingLines = lines(renderText(sampleReport(), plain)).filter((line) => line.startsWith('payloads/request.json:'));
    expect(findingLines.map((line) => line.split(/\s+/)[0])).toEqual([
      'payloads/request.json:21:5',
      'payloads/request.json:40:5',
      'payloads/request.json:52:24',
    ]);
    expect(findingLines[0]).toMatch(
      /^payloads\/request\.json:21:5 +error +\[message 1\] Message has a header but no body.* +streaming\/message-body-missing$/,
    );
  });

  it('aligns the columns like ESLint stylish', () => {
    const findingLines = lines(renderText(sampleReport(), plain)).filter((line) => line.startsWith('payloads/request.json:'));
    const columnsOf = (line: string) => [
      line.search(/ (error|warning|info) /) + 1,
      line.indexOf('[message'),
      line.indexOf('streaming/'),
    ];
    const first = columnsOf(findingLines[0]!);
    for (const line of findingLines) expect(columnsOf(line)).toEqual(first);
  });

  it('says the predicted 207 answer with its rejected and error-batch messages after the file findings', () => {
    const output = lines(renderText(sampleReport(), plain));
    const predicted = output.indexOf('predicted: 207 Multi-Status — 2 accepted (1 of them to the error batch), 1 rejected');
    expect(predicted).toBeGreaterThan(output.findIndex((line) => line.startsWith('payloads/request.json:52:24')));
    expect(output[predicted + 1]).toBe(`  message 1: 400 ${UNKNOWN_XDM}`);
    expect(output[predicted + 2]).toBe(
      '  message 2: accepted, to the error batch: #/timestamp string [yesterday] does not match format date-time',
    );
  });

  it('prints an input error as path:line:column: error: message', () => {
    expect(lines(renderText(sampleReport(), plain))).toContain(
      'payloads/broken.json:3:5: error: Unexpected token "}" where a value was expected',
    );
    const withoutPosition = reportOf({ ...cleanFile(null), inputError: { message: 'file not found' } }, { inputErrors: 1 });
    expect(lines(renderText(withoutPosition, plain))[0]).toBe('payloads/p.json: error: file not found');
  });

  it('ends with a summary of problems by severity, input errors and files', () => {
    const output = lines(renderText(sampleReport(), plain));
    expect(output.at(-1)).toBe('');
    expect(output.at(-2)).toBe('✖ 3 problems (1 error, 1 warning, 1 info) and 1 input could not be read in 2 files');
    const warnings = { ...sampleReport(), summary: { files: 2, findings: { error: 3, warn: 1, info: 1 }, inputErrors: 0 } };
    expect(lines(renderText(warnings, plain)).at(-2)).toBe('✖ 5 problems (3 errors, 1 warning, 1 info) in 2 files');
  });

  it('says there are no problems when there are none, and still names each file with its predicted answer', () => {
    const output = renderText(reportOf(cleanFile({ kind: 'single-message', endpoint: '/collection/x', inletId: INLET, status: 200 })), plain);
    expect(output).toBe('payloads/p.json: no problems\npredicted: 200 OK\n\n✔ no problems in 1 file\n');
  });

  it('says how many findings were not shown', () => {
    const file = { ...sampleReport().files[0]!, findingsDropped: 1200 };
    const output = renderText(reportOf(file, { findings: { error: 1201, warn: 1, info: 1 } }), plain);
    expect(output).toContain('… and 1200 more findings not shown; raise --max-findings');
    expect(output).toContain('✖ 1203 problems (1201 errors, 1 warning, 1 info) in 1 file');
  });

  it('never prints a secret quoted in a finding', () => {
    const output = renderText(reportWithSecrets(), coloured);
    expect(output).not.toContain(BEARER);
    expect(output).not.toContain(JWT);
    expect(output).toContain('Authorization: Bearer [REDACTED]');
  });

  it('shows control characters from the input as escapes, so a payload cannot repaint the terminal', () => {
    const report = sampleReport();
    report.files[0]!.findings[0]!.message = 'value "\u001b[2Jgone\nnext"';
    const output = renderText(report, plain);
    expect(output).not.toContain('\u001b');
    expect(output).toContain('value "\\u001b[2Jgone\\u000anext"');
  });

  describe('predicted answers of each kind', () => {
    it('413 and 400 for a whole batch request, with the reason', () => {
      const tooLarge = cleanFile({ kind: 'batch-request', endpoint: '/collection/batch/x', inletId: INLET, status: 413, reason: 'the request is 1.2 MB; the limit is 1 MB' });
      expect(renderText(reportOf(tooLarge), plain)).toContain('predicted: 413 Payload Too Large — the request is 1.2 MB; the limit is 1 MB\n');
      const bad = cleanFile({ kind: 'batch-request', endpoint: '/collection/batch/x', inletId: INLET, status: 400, reason: 'messages is not an array' });
      expect(renderText(reportOf(bad), plain)).toContain('predicted: 400 Bad Request — messages is not an array\n');
    });

    it('400 for a single message, with the documented text', () => {
      const rejected = cleanFile({
        kind: 'single-message',
        endpoint: '/collection/x',
        inletId: INLET,
        status: 400,
        message: { index: 0, outcome: 'rejected', statusCode: 400, message: UNKNOWN_XDM },
      });
      expect(renderText(reportOf(rejected), plain)).toContain(`predicted: 400 Bad Request — ${UNKNOWN_XDM}\n\n`);
    });

    it('counts for an NDJSON message stream, with the messages not shown', () => {
      const stream = cleanFile({
        kind: 'message-stream',
        endpoint: '/collection/batch/x',
        inletId: INLET,
        counts: { messages: 5000, accepted: 4990, rejected: 10, errorBatch: 0 },
        notAccepted: [{ index: 7, outcome: 'rejected', statusCode: 400, message: UNKNOWN_XDM }],
        notAcceptedTruncated: 9,
      });
      const output = lines(renderText(reportOf(stream), plain));
      expect(output).toContain('predicted: 5000 messages — 4990 accepted, 10 rejected');
      expect(output).toContain(`  message 7: 400 ${UNKNOWN_XDM}`);
      expect(output).toContain('  … and 9 more messages not shown');
    });
  });
});

import type { PreflightReport } from '../../../src/report/model.js';
import type { RuleInfo } from '../../../src/rules/finding.js';

export const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
export const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
export const UNKNOWN_XDM = `inletId: [${INLET}] imsOrgId: [${ORG}] Message has unknown xdm format`;

/** A JWT-shaped token (header `{"alg":"RS256","typ":"JWT"}`), the kind an IMS access token is. */
export const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZWNoYWNjdCIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVzLTEyMzQ1Njc4OTA';
export const BEARER = 'Bearer abc123DEF456ghi789JKL0';

export const RULES: RuleInfo[] = [
  {
    id: 'streaming/message-body-missing',
    title: 'Message body is missing',
    description: 'Every message of a batch request needs a header and a body; without a body the platform answers 400 "unknown xdm format".',
    defaultSeverity: 'error',
    docs: 'https://experienceleague.adobe.com/docs/experience-platform/ingestion/tutorials/streaming-multiple-messages.html',
  },
  {
    id: 'streaming/timestamp-format',
    title: 'Timestamp is not ISO 8601',
    description: 'XDM `timestamp` is a date-time; streaming validation sends the message to the error batch.',
    defaultSeverity: 'warn',
    docs: 'https://experienceleague.adobe.com/docs/experience-platform/ingestion/quality/streaming-validation.html',
  },
  {
    id: 'streaming/recommended-record-size',
    title: 'Record is larger than recommended',
    description: 'Guardrails recommend 10 KB per record.',
    defaultSeverity: 'info',
    docs: 'https://experienceleague.adobe.com/docs/experience-platform/ingestion/guardrails.html',
  },
];

/**
 * Two inputs: a batch request whose message 1 is rejected and message 2 lands in the error batch, with
 * three findings; and a file that could not be parsed.
 */
export function sampleReport(): PreflightReport {
  return {
    tool: { name: 'aep-ingest-harness', version: '0.1.0' },
    profile: 'tutorials',
    world: 'fixtures/worlds/default.yaml',
    inlet: INLET,
    files: [
      {
        file: 'payloads/request.json',
        kind: 'request',
        bytes: 2048,
        findings: [
          {
            ruleId: 'streaming/recommended-record-size',
            severity: 'info',
            message: 'Message is 12 KB; guardrails recommend 10 KB per ExperienceEvent record',
            file: 'payloads/request.json',
            pointer: '/messages/2',
            line: 40,
            column: 5,
            messageIndex: 2,
            docs: RULES[2]!.docs,
          },
          {
            ruleId: 'streaming/timestamp-format',
            severity: 'warn',
            message: 'xdmEntity.timestamp "yesterday" is not a date-time',
            file: 'payloads/request.json',
            pointer: '/messages/2/body/xdmEntity/timestamp',
            line: 52,
            column: 24,
            messageIndex: 2,
            docs: RULES[1]!.docs,
          },
          {
            ruleId: 'streaming/message-body-missing',
            severity: 'error',
            message: 'Message has a header but no body: the platform answers 400 "Message has unknown xdm format"',
            file: 'payloads/request.json',
            pointer: '/messages/1',
            line: 21,
            column: 5,
            messageIndex: 1,
            docs: RULES[0]!.docs,
          },
        ],
        findingsDropped: 0,
        predicted: {
          kind: 'batch-request',
          endpoint: `/collection/batch/${INLET}`,
          inletId: INLET,
          status: 207,
          body: {
            inletId: INLET,
            batchId: '<batchId>',
            receivedTimeMs: '<receivedTimeMs>',
            responses: [
              { xactionId: '<batchId>:0' },
              { statusCode: 400, message: UNKNOWN_XDM },
              { xactionId: '<batchId>:2' },
            ],
          },
          messages: [
            { index: 0, outcome: 'accepted', xactionId: '<batchId>:0', streamingValidation: { status: 'pass' } },
            { index: 1, outcome: 'rejected', statusCode: 400, message: UNKNOWN_XDM },
            {
              index: 2,
              outcome: 'accepted',
              xactionId: '<batchId>:2',
              streamingValidation: {
                status: 'fail',
                errors: [
                  {
                    keyword: 'format',
                    message: 'string [yesterday] does not match format date-time',
                    pointerToViolation: '#/timestamp',
                    schemaLocation: '#/properties/timestamp',
                  },
                ],
              },
            },
          ],
          counts: { messages: 3, accepted: 2, rejected: 1, errorBatch: 1 },
        },
      },
      {
        file: 'payloads/broken.json',
        kind: null,
        bytes: 17,
        findings: [],
        findingsDropped: 0,
        inputError: { message: 'Unexpected token "}" where a value was expected', line: 3, column: 5 },
        predicted: null,
      },
    ],
    summary: { files: 2, findings: { error: 1, warn: 1, info: 1 }, inputErrors: 1 },
  };
}

/** The sample report with a finding message that quotes a copied Authorization header and a raw JWT. */
export function reportWithSecrets(): PreflightReport {
  const report = sampleReport();
  const finding = report.files[0]!.findings[2]!;
  finding.message = `Request carries "Authorization: ${BEARER}" and x-token ${JWT} in the message header & <body>`;
  return report;
}

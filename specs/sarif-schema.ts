/**
 * The SARIF 2.1.0 schema (OASIS, `sarif-schema-2.1.0.json`) for the objects the harness's SARIF formats
 * write, transcribed once for every spec that checks SARIF output: the same property names, types, enums,
 * required properties and `additionalProperties: false` as the official definitions, so a misspelt or
 * invented property is an error, as it is for a code-scanning upload.
 *
 * The official file is not shipped by a maintained npm package (`@schemastore/sarif` carries only types,
 * `@microsoft/sarif-multitool` wraps a platform binary), so it is written out here. Definitions the harness
 * never writes (graphs, code flows, fixes, taxonomies, …) are left out; an object that uses one fails, which
 * is what a spec wants to hear about.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: { ...properties, properties: { $ref: '#/definitions/propertyBag' } },
  ...extra,
});
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const arrayOf = (name: string, extra: Record<string, unknown> = {}) => ({ type: 'array', items: ref(name), ...extra });
const level = { enum: ['none', 'note', 'warning', 'error'] };
const guid = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' };

export const SARIF_2_1_0 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...closed(
    {
      $schema: { type: 'string', format: 'uri' },
      version: { enum: ['2.1.0'] },
      runs: { type: 'array', minItems: 0, items: ref('run') },
    },
    { required: ['version', 'runs'] },
  ),
  definitions: {
    propertyBag: {
      type: 'object',
      properties: { tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } },
      additionalProperties: true,
    },
    message: closed(
      { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: { type: 'array', items: { type: 'string' } } },
      { anyOf: [{ required: ['text'] }, { required: ['id'] }] },
    ),
    multiformatMessageString: closed({ text: { type: 'string' }, markdown: { type: 'string' } }, { required: ['text'] }),
    run: closed(
      {
        tool: ref('tool'),
        invocations: arrayOf('invocation'),
        originalUriBaseIds: { type: 'object', additionalProperties: ref('artifactLocation') },
        results: arrayOf('result', { minItems: 0 }),
        automationDetails: ref('runAutomationDetails'),
        columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
        defaultEncoding: { type: 'string' },
        defaultSourceLanguage: { type: 'string' },
        baselineGuid: guid,
        redactionTokens: { type: 'array', uniqueItems: true, items: { type: 'string' } },
      },
      { required: ['tool'] },
    ),
    tool: closed({ driver: ref('toolComponent'), extensions: arrayOf('toolComponent', { uniqueItems: true }) }, { required: ['driver'] }),
    toolComponent: closed(
      {
        guid,
        name: { type: 'string' },
        organization: { type: 'string' },
        product: { type: 'string' },
        productSuite: { type: 'string' },
        shortDescription: ref('multiformatMessageString'),
        fullDescription: ref('multiformatMessageString'),
        fullName: { type: 'string' },
        version: { type: 'string' },
        semanticVersion: { type: 'string' },
        releaseDateUtc: { type: 'string' },
        downloadUri: { type: 'string', format: 'uri' },
        informationUri: { type: 'string', format: 'uri' },
        rules: arrayOf('reportingDescriptor', { minItems: 0, uniqueItems: true }),
        notifications: arrayOf('reportingDescriptor', { minItems: 0, uniqueItems: true }),
        language: { type: 'string', pattern: '^[a-zA-Z]{2}(-[a-zA-Z]{2})?$' },
        isComprehensive: { type: 'boolean' },
      },
      { required: ['name'] },
    ),
    reportingDescriptor: closed(
      {
        id: { type: 'string' },
        deprecatedIds: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        guid,
        name: { type: 'string' },
        deprecatedNames: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        shortDescription: ref('multiformatMessageString'),
        fullDescription: ref('multiformatMessageString'),
        messageStrings: { type: 'object', additionalProperties: ref('multiformatMessageString') },
        defaultConfiguration: ref('reportingConfiguration'),
        helpUri: { type: 'string', format: 'uri' },
        help: ref('multiformatMessageString'),
      },
      { required: ['id'] },
    ),
    reportingConfiguration: closed({
      enabled: { type: 'boolean' },
      level,
      rank: { type: 'number', minimum: -1, maximum: 100 },
      parameters: ref('propertyBag'),
    }),
    result: closed(
      {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        rule: ref('reportingDescriptorReference'),
        kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
        level,
        message: ref('message'),
        analysisTarget: ref('artifactLocation'),
        locations: arrayOf('location', { minItems: 0 }),
        guid,
        correlationGuid: guid,
        occurrenceCount: { type: 'integer', minimum: 1 },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        fingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        relatedLocations: arrayOf('location', { minItems: 0, uniqueItems: true }),
        baselineState: { enum: ['new', 'unchanged', 'updated', 'absent'] },
        rank: { type: 'number', minimum: -1, maximum: 100 },
        hostedViewerUri: { type: 'string', format: 'uri' },
        workItemUris: { type: 'array', uniqueItems: true, items: { type: 'string', format: 'uri' } },
      },
      { required: ['message'] },
    ),
    reportingDescriptorReference: closed(
      { id: { type: 'string' }, index: { type: 'integer', minimum: -1 }, guid },
      { anyOf: [{ required: ['index'] }, { required: ['guid'] }, { required: ['id'] }] },
    ),
    location: closed({
      id: { type: 'integer', minimum: -1 },
      physicalLocation: ref('physicalLocation'),
      logicalLocations: arrayOf('logicalLocation', { minItems: 0, uniqueItems: true }),
      message: ref('message'),
    }),
    physicalLocation: closed(
      { artifactLocation: ref('artifactLocation'), region: ref('region'), contextRegion: ref('region') },
      { anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }] },
    ),
    artifactLocation: closed({
      uri: { type: 'string', format: 'uri-reference' },
      uriBaseId: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      description: ref('message'),
    }),
    region: closed({
      startLine: { type: 'integer', minimum: 1 },
      startColumn: { type: 'integer', minimum: 1 },
      endLine: { type: 'integer', minimum: 1 },
      endColumn: { type: 'integer', minimum: 1 },
      charOffset: { type: 'integer', minimum: -1 },
      charLength: { type: 'integer', minimum: 0 },
      byteOffset: { type: 'integer', minimum: -1 },
      byteLength: { type: 'integer', minimum: 0 },
      message: ref('message'),
      sourceLanguage: { type: 'string' },
    }),
    logicalLocation: closed({
      name: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      fullyQualifiedName: { type: 'string' },
      decoratedName: { type: 'string' },
      parentIndex: { type: 'integer', minimum: -1 },
      kind: { type: 'string' },
    }),
    invocation: closed(
      {
        commandLine: { type: 'string' },
        arguments: { type: 'array', minItems: 0, items: { type: 'string' } },
        startTimeUtc: { type: 'string', format: 'date-time' },
        endTimeUtc: { type: 'string', format: 'date-time' },
        exitCode: { type: 'integer' },
        exitCodeDescription: { type: 'string' },
        exitSignalName: { type: 'string' },
        exitSignalNumber: { type: 'integer' },
        processStartFailureMessage: { type: 'string' },
        executionSuccessful: { type: 'boolean' },
        machine: { type: 'string' },
        account: { type: 'string' },
        processId: { type: 'integer' },
        workingDirectory: ref('artifactLocation'),
        toolExecutionNotifications: arrayOf('notification', { minItems: 0 }),
        toolConfigurationNotifications: arrayOf('notification', { minItems: 0 }),
      },
      { required: ['executionSuccessful'] },
    ),
    notification: closed(
      {
        locations: arrayOf('location', { minItems: 0 }),
        message: ref('message'),
        level,
        threadId: { type: 'integer' },
        timeUtc: { type: 'string', format: 'date-time' },
        descriptor: ref('reportingDescriptorReference'),
        associatedRule: ref('reportingDescriptorReference'),
      },
      { required: ['message'] },
    ),
    runAutomationDetails: closed({ description: ref('message'), id: { type: 'string' }, guid, correlationGuid: guid }),
  },
} as const;

let compiled: { ajv: Ajv; validate: ValidateFunction } | undefined;

/** Validates a parsed SARIF log; returns ajv's error text, or undefined when it is valid. */
export function sarifSchemaErrors(log: unknown): string | undefined {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    compiled = { ajv, validate: ajv.compile(SARIF_2_1_0) };
  }
  return compiled.validate(log) ? undefined : compiled.ajv.errorsText(compiled.validate.errors, { separator: '\n' });
}

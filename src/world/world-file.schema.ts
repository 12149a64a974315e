/**
 * The shape of a world file (DESIGN.md, "The world file"), as JSON Schema. Every mapping is closed, so a
 * misspelt key is an error that names the valid ones rather than a setting silently ignored.
 * References between lists (an inlet's org, a dataset's schema), unique ids, classes and the XDM schemas
 * themselves are checked in code (`world-build.ts`), where the messages can name what is known.
 */
const id = { type: 'string', minLength: 1 } as const;
const text = { type: 'string', minLength: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** The longest latency a fault may ask for, in milliseconds (the request header's limit too). */
export const MAX_FAULT_LATENCY_MS = 10_000;

/** The methods a world-level fault may be limited to. */
export const FAULT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const WORLD_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['orgs', 'inlets', 'schemas', 'datasets'],
  properties: {
    orgs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'sandboxes'],
        properties: {
          id,
          sandboxes: { type: 'array', minItems: 1, uniqueItems: true, items: text },
        },
      },
    },
    inlets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'org', 'authenticationRequired'],
        properties: {
          id,
          org: id,
          authenticationRequired: { type: 'boolean' },
          name: text,
          tokens: { type: 'array', items: text },
        },
      },
    },
    schemas: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'version', 'class', 'jsonSchema'],
        properties: {
          id,
          version: { type: ['string', 'number'] },
          class: text,
          // A path relative to the world file, or the schema itself inline; either way checked in code.
          jsonSchema: { type: ['string', 'object'], minLength: 1 },
          title: text,
        },
      },
    },
    datasets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'schema'],
        properties: { id, schema: id, name: text },
      },
    },
    campaignMappings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'published', 'stopped'],
        properties: {
          id,
          published: { type: 'boolean' },
          stopped: { type: 'boolean' },
          // Which keys go with which status is checked in code, with messages that say so.
          outcome: {
            type: 'object',
            additionalProperties: false,
            required: ['status'],
            properties: {
              status: { enum: ['success', 'failed', 'aborted'] },
              numRecords: count,
              reason: { enum: ['fetch', 'upload'] },
            },
          },
          processingMs: count,
        },
      },
    },
    faults: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: text,
          method: { enum: FAULT_METHODS },
          status: { enum: [429, 500, 503] },
          retryAfter: count,
          latencyMs: { type: 'integer', minimum: 0, maximum: MAX_FAULT_LATENCY_MS },
          drop: { type: 'boolean' },
          every: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

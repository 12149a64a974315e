/**
 * The configuration file's shape, as JSON Schema (draft-07). `config/load.ts` validates every file with
 * it through ajv, and `schemas/config.schema.json` is this object as JSON, for editors (a spec keeps the
 * two equal; `scripts/write-schemas.ts` writes it). Every mapping is closed, so a misspelt key is an error
 * that names the valid ones instead of a setting silently ignored.
 */
import { PROFILE_NAMES } from '../contract/profiles.js';
import { CONFORMANCE_FORMAT_NAMES } from '../report/conformance/index.js';
import { FORMAT_NAMES } from '../report/index.js';
import { knownRuleIds, prefixPattern } from './rule-ids.js';

/** The names a configuration file may have, in the order they are looked for in one directory. */
export const CONFIG_FILE_NAMES = ['aep-harness.config.yaml', 'aep-harness.config.yml', 'aep-harness.config.json'] as const;

export const SEVERITY_NAMES = ['error', 'warn', 'info'] as const;
export const RULE_SETTINGS = [...SEVERITY_NAMES, 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** The commands that write reports in formats, which `formats` may name one by one. */
export const COMMANDS_WITH_FORMATS = ['preflight', 'check-trace', 'replay', 'verify', 'record', 'check-client'] as const;

/** Every format some command writes; which command writes which is checked when the command runs. */
export const ALL_FORMAT_NAMES: readonly string[] = [...new Set<string>([...FORMAT_NAMES, ...CONFORMANCE_FORMAT_NAMES])];

export function configSchema(): Record<string, unknown> {
  const ids = knownRuleIds();
  const pattern = prefixPattern();
  const ruleId = {
    type: 'string',
    description: 'a rule id, as `aep-harness rules` lists them',
    anyOf: [{ enum: ids }, ...(pattern !== undefined ? [{ pattern }] : [])],
  };
  const ruleSetting = {
    description: 'the severity its findings are reported with, or off to drop them',
    enum: [...RULE_SETTINGS],
  };
  const formatList = {
    type: 'array',
    items: { enum: ALL_FORMAT_NAMES },
    uniqueItems: true,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'aep-harness configuration (aep-harness.config.yaml)',
    description:
      'Defaults for the aep-harness commands, severities per rule, and findings to ignore. Paths are relative to this file; an option on the command line wins over this file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'the JSON Schema of this file, for editors' },
      world: { type: 'string', minLength: 1, description: 'the world file (tenant: orgs, inlets, schemas, datasets), relative to this file; as --world' },
      profile: { enum: [...PROFILE_NAMES], description: 'which reading to follow where the sources disagree; as --profile' },
      formats: {
        type: ['array', 'object'],
        description: `the report formats when the command line names none: a list for every command, or a list per command (${COMMANDS_WITH_FORMATS.join(', ')}); as --format`,
        items: formatList.items,
        uniqueItems: true,
        propertyNames: { enum: [...COMMANDS_WITH_FORMATS] },
        additionalProperties: formatList,
      },
      outDir: { type: 'string', minLength: 1, description: 'the directory every report format is written to, relative to this file; as --out-dir' },
      failOn: { enum: [...SEVERITY_NAMES], description: 'exit 1 when a finding is at or above this severity; as --fail-on' },
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        type: 'array',
        description: 'rule severities for some files only; an entry later in the list wins over an earlier one, and every entry over rules',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files', 'rules'],
          properties: {
            files: { $ref: '#/definitions/globs' },
            rules: { $ref: '#/definitions/rules' },
          },
        },
      },
      ignores: {
        type: 'array',
        description: 'findings to drop: each finding that matches every field an entry gives is left out of the report and counted as ignored',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: {
            rule: { $ref: '#/definitions/ruleId' },
            files: { $ref: '#/definitions/globs' },
            pointer: { type: 'string', pattern: '^(/.*)?$', description: 'a JSON pointer: the finding at it, or anywhere under it' },
            reason: { type: 'string', pattern: '\\S', description: 'why these findings do not matter (required)' },
          },
          anyOf: [{ required: ['rule'] }, { required: ['files'] }, { required: ['pointer'] }],
        },
      },
    },
    definitions: {
      ruleId,
      rules: {
        type: 'object',
        description: 'severity per rule id: error, warn, info, or off',
        properties: Object.fromEntries(ids.map((id) => [id, { $ref: '#/definitions/ruleSetting' }])),
        propertyNames: { $ref: '#/definitions/ruleId' },
        additionalProperties: { $ref: '#/definitions/ruleSetting' },
      },
      ruleSetting,
      globs: {
        type: ['string', 'array'],
        description: 'a file glob, or a list of them, relative to this file: *, **, ?, [abc], {a,b}; a pattern without / matches a name in any directory',
        minLength: 1,
        minItems: 1,
        items: { type: 'string', minLength: 1 },
      },
    },
  };
}

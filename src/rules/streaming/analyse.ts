/**
 * Judges streaming payloads already parsed: runs the rules and derives what the platform would answer.
 * It reads nothing from disk and locates nothing; `preflight.ts` does both around it.
 */
import { documentedMessage, endpointLabel, MAX_VALIDATION_ERRORS, pick, XACTION_ID } from '../../contract/streaming.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { StreamingValidationError, PredictedMessage, PredictedCounts } from '../../report/model.js';
import type { Inlet, World } from '../../world/types.js';
import { prepareRules, runRules, type PreparedRule, type RawFinding } from '../engine.js';
import { asObject, own, type JsonObject, type MessageContext, type RequestContext, type SchemaRefView } from './context.js';
import { DOWNSTREAM_RULES, ENDPOINT_RULES, REQUEST_RULES } from './index.js';
import { indexWorld, type WorldIndex } from './world-index.js';

export class ConfigurationError extends Error {}

export interface AnalyserOptions {
  world: World;
  profile?: ProfileName;
  /** The inlet the payload will be sent to; default: the world's only inlet. */
  inletId?: string;
}

export interface RequestVerdict {
  /** Set when the platform refuses the request as a whole. */
  refused?: { status: 400 | 413; reason: string };
}

function schemaRefView(container: JsonObject | undefined, pointer: string): SchemaRefView {
  const value = asObject(own(container, 'schemaRef'));
  const id = own(value, 'id');
  const contentType = own(value, 'contentType');
  return {
    pointer: `${pointer}/schemaRef`,
    value,
    id: typeof id === 'string' ? id : undefined,
    contentType: typeof contentType === 'string' ? contentType : undefined,
  };
}

export function resolveInlet(world: World, inletId: string | undefined): Inlet {
  if (inletId !== undefined) {
    const inlet = world.inlets.find((i) => i.id === inletId);
    if (!inlet) {
      throw new ConfigurationError(
        `--inlet ${inletId} is not an inlet of the world (${world.source}); known inlets: ${world.inlets.map((i) => i.id).join(', ') || 'none'}`,
      );
    }
    return inlet;
  }
  if (world.inlets.length === 1) return world.inlets[0]!;
  if (world.inlets.length === 0) throw new ConfigurationError(`the world (${world.source}) has no inlet; add one under "inlets"`);
  throw new ConfigurationError(
    `the world (${world.source}) has ${world.inlets.length} inlets; name one with --inlet: ${world.inlets.map((i) => i.id).join(', ')}`,
  );
}

export class StreamingAnalyser {
  readonly profile: ProfileName;
  readonly inlet: Inlet;
  readonly world: WorldIndex;
  readonly limit: number;
  private readonly requestRules: Record<RequestContext['shape'], PreparedRule<RequestContext>[]>;
  private readonly endpointRules: PreparedRule<MessageContext>[];
  private readonly downstreamRules: PreparedRule<MessageContext>[];

  constructor(opts: AnalyserOptions) {
    this.profile = opts.profile ?? 'docs';
    this.inlet = resolveInlet(opts.world, opts.inletId);
    this.world = indexWorld(opts.world, { maxViolations: MAX_VALIDATION_ERRORS.value + 2 });
    this.limit = pick(this.profile, 'streaming.requestLimit.bytes').value;
    this.requestRules = {
      request: prepareRules(REQUEST_RULES, this.profile, 'request'),
      message: prepareRules(REQUEST_RULES, this.profile, 'message'),
      'ndjson-line': prepareRules(REQUEST_RULES, this.profile, 'ndjson-line'),
    };
    this.endpointRules = prepareRules(ENDPOINT_RULES, this.profile);
    this.downstreamRules = prepareRules(DOWNSTREAM_RULES, this.profile);
  }

  endpoint(shape: 'request' | 'message'): string {
    return endpointLabel(shape === 'request' ? 'batch' : 'single');
  }

  /** Request-level rules. The verdict says whether the platform answers the whole request with one status. */
  analyseRequest(input: Omit<RequestContext, 'profile' | 'limit'>, out: RawFinding[]): RequestVerdict {
    const start = out.length;
    const ctx: RequestContext = {
      profile: this.profile,
      limit: this.limit,
      shape: input.shape,
      bytes: input.bytes,
      bom: input.bom,
      root: input.root,
    };
    if (input.syntaxError) ctx.syntaxError = input.syntaxError;
    runRules(this.requestRules[input.shape], ctx, out);
    let refused: RequestVerdict['refused'];
    for (let i = start; i < out.length; i++) {
      const effect = out[i]!.effect;
      // 413 is decided before the body is read, so it wins over anything the body holds.
      if (effect.kind === 'reject-request' && (refused === undefined || effect.status === 413)) {
        refused = { status: effect.status, reason: out[i]!.message };
      }
    }
    return refused ? { refused } : {};
  }

  /** One message: its endpoint verdict and, when accepted, its streaming validation verdict. */
  analyseMessage(message: unknown, index: number, base: string, bytes: number, out: RawFinding[]): PredictedMessage {
    const ctx = this.messageContext(message, index, base, bytes);
    const start = out.length;
    runRules(this.endpointRules, ctx, out, index);
    for (let i = start; i < out.length; i++) {
      const effect = out[i]!.effect;
      if (effect.kind === 'reject-message') {
        return { index, outcome: 'rejected', statusCode: 400, message: documentedMessage(effect.message, this.inlet.id, this.inlet.org) };
      }
    }
    const downstreamStart = out.length;
    runRules(this.downstreamRules, ctx, out, index);
    const xactionId = XACTION_ID.format(XACTION_ID.batchIdPlaceholder, index);
    let errors: StreamingValidationError[] | undefined;
    for (let i = downstreamStart; i < out.length; i++) {
      const finding = out[i]!;
      if (finding.effect.kind !== 'error-batch') continue;
      errors ??= [];
      for (const e of finding.validationErrors ?? []) {
        if (errors.length < MAX_VALIDATION_ERRORS.value) errors.push(e);
      }
    }
    return errors
      ? { index, outcome: 'accepted', xactionId, streamingValidation: { status: 'fail', errors } }
      : { index, outcome: 'accepted', xactionId, streamingValidation: { status: 'pass' } };
  }

  private messageContext(message: unknown, index: number, base: string, bytes: number): MessageContext {
    const obj = asObject(message);
    const header = asObject(own(obj, 'header'));
    const body = asObject(own(obj, 'body'));
    const xdmMeta = asObject(own(body, 'xdmMeta'));
    const headerSchemaRef = schemaRefView(header, `${base}/header`);
    const bodySchemaRef = schemaRefView(xdmMeta, `${base}/body/xdmMeta`);
    const datasetId = own(header, 'datasetId');
    const dataset = typeof datasetId === 'string' ? this.world.dataset(datasetId) : undefined;
    const headerSchema = headerSchemaRef.id === undefined ? undefined : this.world.schema(headerSchemaRef.id);
    const targetSchema = dataset ? this.world.schema(dataset.schema) : headerSchema;
    return {
      profile: this.profile,
      index,
      base,
      message,
      obj,
      header,
      body,
      xdmMeta,
      headerSchemaRef,
      bodySchemaRef,
      inlet: this.inlet,
      world: this.world,
      dataset,
      headerSchema,
      targetSchema,
      validator: targetSchema ? this.world.validator(targetSchema.id) : undefined,
      bytes,
    };
  }
}

export function emptyCounts(): PredictedCounts {
  return { messages: 0, accepted: 0, rejected: 0, errorBatch: 0 };
}

export function countMessage(counts: PredictedCounts, message: PredictedMessage): void {
  counts.messages++;
  if (message.outcome === 'rejected') counts.rejected++;
  else {
    counts.accepted++;
    if (message.streamingValidation.status === 'fail') counts.errorBatch++;
  }
}


/**
 * Valid streaming messages and requests for a world, built from the contract: the envelope the tutorial
 * documents (`header.schemaRef`, `imsOrgId`, `datasetId`, `createdAt`; `body.xdmMeta.schemaRef` repeating
 * the header's; `body.xdmEntity`), with the optional header fields the chosen profile requires made present.
 * Validity is known by construction; nothing here runs a rule or a validator.
 */
import fc from 'fast-check';
import type { ProfileName } from '../contract/profiles.js';
import {
  CONTENT_TYPE_FORMS,
  REQUEST_LIMIT_READINGS,
  XDM_CLASSES,
  pick,
  type ContentTypeForm,
} from '../contract/streaming.js';
import type { Dataset, Inlet, World, XdmSchema } from '../world/types.js';
import { profileEntity, webEventEntity, type XdmEntity } from './entities.js';

export interface SchemaRef {
  id: string;
  contentType: string;
}

export interface MessageHeader {
  schemaRef: SchemaRef;
  imsOrgId: string;
  datasetId: string;
  /** Milliseconds since the epoch: a number in the tutorials, a string in the OpenAPI file. */
  createdAt: number | string;
  flowId?: string;
  source?: { name: string };
}

export interface StreamingMessage {
  header: MessageHeader;
  body: { xdmMeta: { schemaRef: SchemaRef }; xdmEntity: XdmEntity };
}

export interface StreamingRequest {
  messages: StreamingMessage[];
}

export interface ValidMessageOptions {
  /** The profile whose readings the message must satisfy; default `docs`. */
  profile?: ProfileName;
}

export interface ValidRequestOptions extends ValidMessageOptions {
  minMessages?: number;
  /** At most `messageCap`: by default generated requests stay far below the request limit. */
  maxMessages?: number;
  /**
   * The most messages `maxMessages` may ask for: 60 unless raised, at most REQUEST_MESSAGES_MAX. Above 60
   * a request whose messages would reach `maxBytes` loses its last messages instead of being discarded.
   */
  messageCap?: number;
  /** Requests at or over this many bytes are not generated; default the smaller reading of "1 MB". */
  maxBytes?: number;
}

const MAX_MESSAGES = 60;

/**
 * The largest request `validRequest` generates when asked: the harness's range (1 to 500 messages), not a
 * documented limit; the platform documents only the 1 MB request size.
 */
export const REQUEST_MESSAGES_MAX = 500;

/** The entity builders, by the XDM class of the dataset's schema. */
const ENTITY_BY_CLASS: Record<string, () => fc.Arbitrary<XdmEntity>> = {
  [XDM_CLASSES.experienceevent]: webEventEntity,
  [XDM_CLASSES.profile]: profileEntity,
};

/** A dataset the generators can fill: its schema is in the world and of a class with an entity builder. */
export interface StreamableDataset {
  dataset: Dataset;
  schema: XdmSchema;
  entity: () => fc.Arbitrary<XdmEntity>;
}

export function streamableDatasets(world: World): StreamableDataset[] {
  const found: StreamableDataset[] = [];
  for (const dataset of world.datasets) {
    const schema = world.schemas.find((s) => s.id === dataset.schema);
    const entity = schema ? ENTITY_BY_CLASS[schema.class] : undefined;
    if (schema && entity) found.push({ dataset, schema, entity });
  }
  return found;
}

/** The content type in one documented form for a schema version: the contract's example with its version replaced. */
export function contentTypeFor(form: ContentTypeForm, version: string): string {
  return CONTENT_TYPE_FORMS[form].example.replace(/1$/, () => version);
}

/** The schemaRef of a schema in one of the forms the profile accepts. */
export function schemaRefFor(schema: XdmSchema, form: ContentTypeForm): SchemaRef {
  return { id: schema.id, contentType: contentTypeFor(form, schema.version) };
}

/** createdAt between 2019 and 2030: 13 digits of milliseconds. */
const CREATED_AT_MS = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 11, 31) });

function createdAt(profile: ProfileName): fc.Arbitrary<number | string> {
  const form = pick(profile, 'streaming.createdAt.type').value;
  if (form === 'number') return CREATED_AT_MS;
  if (form === 'string') return CREATED_AT_MS.map(String);
  // Either is accepted; the tutorial's number is the common case.
  return fc.oneof({ arbitrary: CREATED_AT_MS, weight: 4 }, { arbitrary: CREATED_AT_MS.map(String), weight: 1 });
}

/** A header field that is optional under the profile may be left out; a required one is always there. */
function maybe<T>(required: boolean, value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return required ? value : fc.option(value, { nil: undefined });
}

/**
 * One valid message for a dataset of the world, sent to `inlet`: accepted by the endpoint and passing
 * streaming validation under the profile.
 */
export function validMessage(world: World, inlet: Inlet, opts: ValidMessageOptions = {}): fc.Arbitrary<StreamingMessage> {
  const profile = opts.profile ?? 'docs';
  const targets = streamableDatasets(world);
  if (targets.length === 0) {
    throw new Error(`the world (${world.source}) has no dataset whose schema is an ExperienceEvent or a Profile schema`);
  }
  const forms = pick(profile, 'streaming.contentType.forms').value;
  const flowIdRequired = pick(profile, 'streaming.flowId.absent').value === 'required';
  const sourceNameRequired = pick(profile, 'streaming.sourceName.absent').value === 'error-batch';

  // One arbitrary per dataset, built once: building arbitraries inside a `chain` would redo it per message.
  const perDataset = targets.map(({ dataset, schema, entity }) =>
    fc
      .record(
        {
          form: fc.constantFrom(...forms),
          createdAt: createdAt(profile),
          flowId: maybe(flowIdRequired, fc.uuid({ version: 4 })),
          sourceName: maybe(sourceNameRequired, fc.constantFrom('web-sdk', 'acme-storefront', 'Acme HTTP API')),
          xdmEntity: entity(),
        },
        { noNullPrototype: true },
      )
      .map(({ form, createdAt, flowId, sourceName, xdmEntity }): StreamingMessage => {
        const schemaRef = schemaRefFor(schema, form);
        const header: MessageHeader = { schemaRef, imsOrgId: inlet.org, datasetId: dataset.id, createdAt };
        if (flowId !== undefined) header.flowId = flowId;
        if (sourceName !== undefined) header.source = { name: sourceName };
        // body.xdmMeta.schemaRef repeats the header's: a copy, so a mutation of one leaves the other alone.
        return { header, body: { xdmMeta: { schemaRef: { ...schemaRef } }, xdmEntity } };
      }),
  );
  return fc.oneof(...perDataset);
}

/** The UTF-8 size of `{"messages":[]}`: a request's size is this, its messages' sizes, and a comma between two. */
export const ENVELOPE_BYTES = Buffer.byteLength('{"messages":[]}', 'utf8');

/** The UTF-8 size of a request as sent. */
export function requestBytes(request: StreamingRequest): number {
  return Buffer.byteLength(JSON.stringify(request), 'utf8');
}

/** A valid multi-message request `{messages: [...]}`, under the request limit whichever way "1 MB" is read. */
export function validRequest(world: World, inlet: Inlet, opts: ValidRequestOptions = {}): fc.Arbitrary<StreamingRequest> {
  const cap = Math.min(REQUEST_MESSAGES_MAX, Math.max(MAX_MESSAGES, opts.messageCap ?? MAX_MESSAGES));
  const minLength = Math.min(cap, Math.max(1, opts.minMessages ?? 1));
  const maxLength = Math.min(cap, Math.max(minLength, opts.maxMessages ?? 20));
  const maxBytes = opts.maxBytes ?? REQUEST_LIMIT_READINGS.smallest;
  const requests = fc.array(validMessage(world, inlet, opts), { minLength, maxLength, size: 'max' }).map((messages) => ({ messages }));
  if (maxLength <= MAX_MESSAGES) return requests.filter((request) => requestBytes(request) < maxBytes);
  // Hundreds of messages may reach the limit; trimming keeps the case instead of discarding most of them.
  return requests.map((request) => trimUnder(request, maxBytes, minLength)).filter((request): request is StreamingRequest => request !== undefined);
}

/**
 * The request without the trailing messages that take it to `maxBytes` or over; undefined when its first
 * `minLength` messages already do (the sizes are added up here, so the request is not serialised again).
 */
function trimUnder(request: StreamingRequest, maxBytes: number, minLength: number): StreamingRequest | undefined {
  let bytes = ENVELOPE_BYTES;
  let kept = 0;
  for (const message of request.messages) {
    const size = Buffer.byteLength(JSON.stringify(message), 'utf8') + (kept > 0 ? 1 : 0);
    if (bytes + size >= maxBytes && kept >= minLength) break;
    bytes += size;
    kept += 1;
  }
  if (bytes >= maxBytes) return undefined;
  return kept === request.messages.length ? request : { messages: request.messages.slice(0, kept) };
}

/**
 * Request bodies for the server benchmark: `{ "messages": [ … ] }` of web-event streaming messages for the
 * default world (its open inlet, org, dataset and web-event schema), built once before any clock starts.
 *
 * The messages are those of the pre-flight benchmark's generator (same PRNG, constants and kinds of hits)
 * with two differences, both so that the peer answers 207 to the very same bytes:
 * - no `productListItems`: the XDM field is an array (and the world's schema says so), but Adobe's
 *   streaming-ingestion.yaml declares it `type: object`, so Prism answers 400 to any message that carries
 *   one. Commerce hits keep their `commerce` metrics and, for purchases, the order;
 * - every header carries a `flowId`, which the OpenAPI's batch message header lists as required (the
 *   tutorials' examples have none; the reference server takes both under the default profile).
 * Every entity is checked against the world's web-event schema with the project's own XDM validator.
 */
import { defaultWorld } from '../../src/world/default.js';
import { createXdmValidators } from '../../src/world/xdm-validator.js';
// The generator's tables: the server's messages are the same kinds of hits, without productListItems.
import { CONTENT_TYPE, CURRENCIES, DATASET_ID, INLET_ID, LANGUAGES, ORG_ID, Rng, SCHEMA_ID, USER_AGENTS, uuid, VIEWPORTS, webHit, type Visitor } from '../preflight/generate.js';

export { INLET_ID, ORG_ID, DATASET_ID, SCHEMA_ID, CONTENT_TYPE };

/** The streaming limit's smaller reading ("1 MB" as 10⁶ bytes): bodies stay under it, so no size warning. */
export const BODY_AIM = 1_000_000;
/** The larger reading, 1 MiB: a body at or over it is refused with 413. Never reached. */
export const BODY_LIMIT = 1_048_576;

/** The headers both servers need: Prism validates the OpenAPI's required `x-sandbox-name` and Content-Type. */
export const REQUEST_HEADERS = { 'content-type': 'application/json', 'x-sandbox-name': 'prod' } as const;

export function batchPath(inletId: string = INLET_ID): string {
  return `/collection/batch/${inletId}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const EVENT_TYPES = [
  ['web.webpagedetails.pageViews', 45],
  ['web.webinteraction.linkClicks', 10],
  ['commerce.productViews', 20],
  ['commerce.productListAdds', 12],
  ['commerce.checkouts', 7],
  ['commerce.purchases', 6],
] as const;
const COMMERCE_METRIC: Record<string, string> = {
  'commerce.productViews': 'productViews',
  'commerce.productListAdds': 'productListAdds',
  'commerce.checkouts': 'checkouts',
  'commerce.purchases': 'purchases',
};


function schemaRef(): JsonObject {
  return { id: SCHEMA_ID, contentType: CONTENT_TYPE };
}


function newVisitor(rng: Rng): Visitor {
  const known = rng.chance(0.45);
  return {
    ecid: rng.digits(38),
    emailHash: known ? rng.hex(64) : null,
    email: known ? `visitor${rng.int(1, 99_999)}@example.com` : null,
    ua: rng.pick(USER_AGENTS),
    lang: rng.pick(LANGUAGES),
    viewport: rng.pick(VIEWPORTS),
    tier: rng.pick(['bronze', 'silver', 'gold'] as const),
    store: `ST-${String(rng.int(1, 9999)).padStart(4, '0')}`,
    currency: rng.pick(CURRENCIES),
  };
}

/** One valid message: what a storefront's web SDK sends for one hit, about 1.3–1.7 KB in all. */
function message(rng: Rng, visitor: Visitor, timeMs: number, flowId: string): JsonObject {
  const eventType = rng.weighted(EVENT_TYPES);
  const entity = webHit(rng, visitor, timeMs, eventType);
  const metric = COMMERCE_METRIC[eventType];
  if (metric) {
    const commerce: JsonObject = { [metric]: { value: 1 } };
    if (eventType === 'commerce.purchases') {
      commerce['order'] = { purchaseID: `ORD-${rng.digits(9)}`, priceTotal: rng.int(3_490, 89_900) / 100, currencyCode: visitor.currency };
    }
    entity['commerce'] = commerce;
  }
  if (visitor.email && rng.chance(0.5)) {
    entity['_experience'] = { campaign: { message: { profileSnapshot: { workEmail: { address: visitor.email } } } } };
  }
  entity['_acme'] = { loyaltyTier: visitor.tier, storeId: visitor.store };
  return {
    header: {
      schemaRef: schemaRef(),
      imsOrgId: ORG_ID,
      datasetId: DATASET_ID,
      flowId,
      source: { name: 'acme-web-collector' },
      createdAt: timeMs + rng.int(20, 900),
    },
    body: { xdmMeta: { schemaRef: schemaRef() }, xdmEntity: entity },
  };
}

export interface Bodies {
  messagesPerRequest: number;
  /** The distinct request bodies, sent round-robin. */
  bodies: Buffer[];
  /** Bytes of the bodies, smallest, mean and largest. */
  minBytes: number;
  meanBytes: number;
  maxBytes: number;
  /** Mean bytes per message, its share of the `{"messages":[…]}` wrapper and separators included. */
  meanMessageBytes: number;
  /** Entities checked with the project's XDM validator (all of them). */
  validated: number;
}

/**
 * `count` distinct bodies of `messagesPerRequest` messages each, deterministic for a seed. Throws if an
 * entity fails the world's schema or a body reaches BODY_AIM.
 */
export function buildBodies(messagesPerRequest: number, count: number, seed = 1): Bodies {
  if (!Number.isInteger(messagesPerRequest) || messagesPerRequest < 1) throw new RangeError(`messages per request must be a positive integer, got ${messagesPerRequest}`);
  const validator = createXdmValidators(defaultWorld()).forSchema(SCHEMA_ID);
  if (!validator) throw new Error(`the default world has no schema ${SCHEMA_ID}`);
  const rng = new Rng(seed * 1_000_003 + messagesPerRequest);
  const flowId = uuid(rng);
  let timeMs = Date.UTC(2024, 2, 1, 6, 0, 0);
  let visitor = newVisitor(rng);
  const bodies: Buffer[] = [];
  let validated = 0;
  for (let b = 0; b < count; b++) {
    const messages: JsonObject[] = [];
    for (let i = 0; i < messagesPerRequest; i++) {
      if (rng.chance(0.15)) visitor = newVisitor(rng);
      timeMs += rng.int(5, 4000);
      const m = message(rng, visitor, timeMs, flowId);
      const entity = (m['body'] as JsonObject)['xdmEntity'];
      const violations = validator.validate(entity);
      if (violations.length > 0) throw new Error(`a generated entity is not valid against ${SCHEMA_ID}: ${JSON.stringify(violations)}\n${JSON.stringify(entity)}`);
      validated++;
      messages.push(m);
    }
    const body = Buffer.from(JSON.stringify({ messages }), 'utf8');
    if (body.length >= BODY_AIM) {
      throw new Error(`a body of ${messagesPerRequest} messages is ${body.length} bytes, over the ${BODY_AIM}-byte aim (the limit is ${BODY_LIMIT}): use fewer messages`);
    }
    bodies.push(body);
  }
  const sizes = bodies.map((b) => b.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  return {
    messagesPerRequest,
    bodies,
    minBytes: Math.min(...sizes),
    meanBytes: total / count,
    maxBytes: Math.max(...sizes),
    meanMessageBytes: total / count / messagesPerRequest,
    validated,
  };
}

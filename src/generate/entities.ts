/**
 * Realistic `xdmEntity` records for the default world's two schemas (`src/world/default/*.json`):
 * Acme web events (ExperienceEvent) and Acme customer profiles. Every value is built to the schema by
 * construction (enums read from the schema files, patterns and formats written out here), so a generated
 * entity is valid without any validator being asked: that is what makes the generators an oracle.
 *
 * Strings stay ASCII-safe except for names, which carry some non-ASCII (é, ü, 日本) on purpose.
 */
import fc from 'fast-check';
import profileSchema from '../world/default/profile.schema.json' with { type: 'json' };
import webEventSchema from '../world/default/web-event.schema.json' with { type: 'json' };

/** An `xdmEntity`: a JSON object whose shape is given by the dataset's XDM schema. */
export type XdmEntity = Record<string, unknown>;

// Enums come from the schema files, so a schema change cannot leave the generator emitting stale values.
const EVENT_TYPES = webEventSchema.properties.eventType.enum;
const ENVIRONMENT_TYPES = webEventSchema.properties.environment.properties.type.enum;
const AUTHENTICATED_STATES = webEventSchema.properties.identityMap.additionalProperties.items.properties.authenticatedState.enum;
const LOYALTY_TIERS = webEventSchema.properties._acme.properties.loyaltyTier.enum;
const PROFILE_LOYALTY_TIERS = profileSchema.properties._acme.properties.loyaltyTier.enum;

/** `fc.record` with every key optional and plain objects only (no null prototype: they travel as JSON). */
function someOf<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, requiredKeys: (keyof T)[] = []): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys, noNullPrototype: true }) as fc.Arbitrary<Partial<T>>;
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks

/** RFC 3339 date-time in UTC (`Z`), with or without milliseconds: `format: date-time`. */
export function isoDateTime(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }), fc.boolean())
    .map(([date, withMs]) => (withMs ? date.toISOString() : date.toISOString().replace(/\.\d{3}Z$/, 'Z')));
}

/** A full date, `format: date`. */
function isoDate(): fc.Arbitrary<string> {
  return fc
    .date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2010-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
}

const FIRST_NAMES = ['Greg', 'Emily', 'Carmine', 'Émilie', 'José', 'Zoë', 'Søren', 'Taro', '花子', 'Ana'] as const;
const LAST_NAMES = ['Dorcey', 'Ong', 'Santiago', 'Müller', 'García', 'Ørsted', '山田', 'Nakamura', 'Łukasiewicz'] as const;
const MAIL_LOCALS = ['greg', 'emily.ong', 'carmine', 'emilie.durand', 'jose_garcia', 'taro.yamada', 'a.user'] as const;
const MAIL_DOMAINS = ['example.com', 'acme.example', 'mail.example.org'] as const;

/** An address the `email` format accepts: ASCII local part and a dotted domain. */
function emailAddress(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...MAIL_LOCALS), fc.nat({ max: 999 }), fc.constantFrom(...MAIL_DOMAINS))
    .map(([local, n, domain]) => `${local}${n === 0 ? '' : n}@${domain}`);
}

/** A short ASCII string (printable, may hold quotes and backslashes: they exercise JSON escaping). */
function asciiText(maxLength = 16): fc.Arbitrary<string> {
  return fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength });
}

const PRODUCT_NAMES = ['Fernie Snow', 'Tip Top Collection', 'Carmine Santiago', 'Crème brûlée set', '日本茶 Sencha', 'Café au lait mug', 'Wool scarf'] as const;

function productName(): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom(...PRODUCT_NAMES), weight: 3 }, { arbitrary: asciiText(24), weight: 1 });
}

/** ISO 4217 alphabetic code: `^[A-Z]{3}$`. */
function currencyCode(): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom('USD', 'EUR', 'JPY', 'GBP', 'CHF'), weight: 4 }, { arbitrary: fc.stringMatching(/^[A-Z]{3}$/), weight: 1 });
}

/** A money amount with cents, never NaN or infinite (JSON would turn those into null). */
function amount(max = 5_000): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: max * 100 }).map((cents) => cents / 100);
}

const SEGMENT = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);

/** An absolute https URL on the shop's host: `format: uri`. */
function pageUrl(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('www.acme.example', 'shop.acme.example'), fc.array(SEGMENT, { maxLength: 3 }), fc.option(SEGMENT, { nil: undefined }))
    .map(([host, path, query]) => `https://${host}/${path.join('/')}${query === undefined ? '' : `?q=${query}`}`);
}

type Identity = { id: string; authenticatedState?: string; primary?: boolean };

function identities(id: fc.Arbitrary<string>): fc.Arbitrary<Identity[]> {
  const identity = someOf<Identity>({ id, authenticatedState: fc.constantFrom(...AUTHENTICATED_STATES), primary: fc.boolean() }, ['id']);
  return fc.array(identity as fc.Arbitrary<Identity>, { minLength: 1, maxLength: 2 });
}

/** `identityMap`: namespace → identities (any namespace name is allowed; each identity is closed), at least one. */
function identityMap(): fc.Arbitrary<Partial<Record<string, Identity[]>>> {
  return someOf({
    ECID: identities(fc.stringMatching(/^[0-9]{38}$/)),
    Email: identities(emailAddress()),
    CRMID: identities(fc.stringMatching(/^CRM[0-9]{6}$/)),
    Phone: identities(fc.stringMatching(/^\+[1-9][0-9]{7,11}$/)),
  }).filter((map) => Object.keys(map).length > 0);
}

// ---------------------------------------------------------------------------------------------------------
// Acme web events

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/29.0.1547.57 Safari/537.36 OPR/16.0.1196.62',
] as const;

function environment(): fc.Arbitrary<XdmEntity> {
  return someOf({
    type: fc.constantFrom(...ENVIRONMENT_TYPES),
    browserDetails: someOf({
      userAgent: fc.constantFrom(...USER_AGENTS),
      acceptLanguage: fc.constantFrom('en-US', 'en-GB,en;q=0.8', 'fr-FR,fr;q=0.9', 'ja-JP', 'de-CH'),
      cookiesEnabled: fc.boolean(),
      javaScriptVersion: fc.constantFrom('1.5', '1.6', '1.7', '1.8'),
      javaEnabled: fc.boolean(),
    }),
    colorDepth: fc.constantFrom(8, 16, 24, 30, 32, 48),
    viewportHeight: fc.integer({ min: 200, max: 2160 }),
    viewportWidth: fc.integer({ min: 240, max: 3840 }),
  });
}

function productListItem(): fc.Arbitrary<XdmEntity> {
  return someOf(
    {
      SKU: fc.stringMatching(/^[A-Z]{2,4}-[0-9]{3,6}$/),
      name: productName(),
      quantity: fc.integer({ min: 0, max: 50 }),
      priceTotal: amount(),
      currencyCode: currencyCode(),
    },
    ['SKU', 'quantity'],
  );
}

function commerce(): fc.Arbitrary<XdmEntity> {
  const measure = fc.record({ value: fc.integer({ min: 0, max: 5 }) }, { noNullPrototype: true });
  return someOf({
    productViews: measure,
    productListAdds: measure,
    checkouts: measure,
    purchases: measure,
    order: someOf({ purchaseID: fc.stringMatching(/^PO-[0-9]{6}$/), priceTotal: amount(20_000), currencyCode: currencyCode() }),
  });
}

function webPageDetails(): fc.Arbitrary<XdmEntity> {
  return someOf(
    {
      name: fc.oneof(fc.constantFrom('home', 'Catalogue: hiver', 'Produits — écharpes', '日本語ページ'), asciiText(20)),
      URL: pageUrl(),
      isHomePage: fc.boolean(),
    },
    ['URL'],
  );
}

/** An ExperienceEvent for the default world's web-event schema: `_id` and `timestamp` always present. */
export function webEventEntity(): fc.Arbitrary<XdmEntity> {
  return someOf(
    {
      _id: fc.uuid({ version: 4 }),
      timestamp: isoDateTime(),
      eventType: fc.constantFrom(...EVENT_TYPES),
      identityMap: identityMap(),
      environment: environment(),
      web: fc.record({ webPageDetails: webPageDetails() }, { noNullPrototype: true }),
      productListItems: fc.array(productListItem(), { maxLength: 5 }),
      commerce: commerce(),
      _experience: emailAddress().map((address) => ({ campaign: { message: { profileSnapshot: { workEmail: { address } } } } })),
      _acme: someOf({ loyaltyTier: fc.constantFrom(...LOYALTY_TIERS), storeId: fc.stringMatching(/^ST-[0-9]{4}$/) }),
    },
    ['_id', 'timestamp'],
  ) as fc.Arbitrary<XdmEntity>;
}

// ---------------------------------------------------------------------------------------------------------
// Acme customer profiles

/** A Profile record for the default world's profile schema (no field is required there). */
export function profileEntity(): fc.Arbitrary<XdmEntity> {
  return someOf(
    {
      _id: fc.uuid({ version: 4 }),
      identityMap: identityMap(),
      person: someOf({
        name: someOf({ firstName: fc.constantFrom(...FIRST_NAMES), lastName: fc.constantFrom(...LAST_NAMES) }),
        birthDate: isoDate(),
      }),
      personalEmail: emailAddress().map((address) => ({ address })),
      mobilePhone: fc.constantFrom('+1 555 0100', '(555) 010-0199', '+81 3-1234-5678', '06 12 34 56 78').map((number) => ({ number })),
      homeAddress: someOf({
        city: fc.constantFrom('San Jose', 'Zürich', '東京', 'Montréal', 'Basel'),
        countryCode: fc.oneof(fc.constantFrom('US', 'CH', 'JP', 'CA', 'FR'), fc.stringMatching(/^[A-Z]{2}$/)),
        postalCode: fc.stringMatching(/^[0-9]{4,5}$/),
      }),
      _acme: someOf({ loyaltyTier: fc.constantFrom(...PROFILE_LOYALTY_TIERS) }),
    },
    ['_id'],
  ) as fc.Arbitrary<XdmEntity>;
}

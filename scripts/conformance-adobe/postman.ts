/**
 * Adobe's Postman collections against the reference server, through newman's Node API. The collections are
 * read as Adobe publishes them and never changed on disk: a copy in memory sends each request to the
 * server (their hard-coded https://platform.adobe.io becomes `{{PLATFORM_GATEWAY}}`), and each step of
 * expectations.yaml adds, before Adobe's own pre-request script, the variables it gives and, as a test,
 * the status the documentation gives, the values it captures for later steps and the polling it needs.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectionName, Expectations, NotServed, PostmanStep } from './expectations.js';

const require = createRequire(import.meta.url);

interface NewmanSummary {
  run: { failures: unknown[] };
}
interface NewmanEmitter {
  on(event: 'request', listener: (err: Error | null, args: { item: { name: string }; response?: { code: number; stream?: Buffer } }) => void): NewmanEmitter;
  on(event: 'assertion', listener: (err: Error | null, args: { item: { name: string }; assertion: string }) => void): NewmanEmitter;
  on(event: 'script', listener: (err: Error | null, args: { item: { name: string }; event: { listen: string } }) => void): NewmanEmitter;
}
interface Newman {
  run(options: Record<string, unknown>, done: (err: Error | null, summary: NewmanSummary) => void): NewmanEmitter;
}
const newman = require('newman') as Newman;

type Json = Record<string, unknown>;
interface Item extends Json {
  name: string;
  event?: { listen: string; script: { type?: string; exec: string[] } }[];
  request: {
    method: string;
    header: { key: string; value: string; disabled?: boolean }[];
    body?: { mode: string; raw?: string; formdata?: unknown[] };
    url: { raw?: string; protocol?: string; host: string[] | string; path: string[]; query?: { key: string; value: string }[]; variable?: { id?: string; key?: string; value: string }[] };
  };
}

export interface StepResult {
  name: string;
  collection: CollectionName;
  request: string;
  expected: number;
  /** The last status answered, undefined when nothing answered. */
  status: number | undefined;
  /** HTTP requests sent for this step (more than one when it polls). */
  sent: number;
  failures: string[];
  /** The start of the last answer's body. */
  body: string;
  /** A request the reference server does not serve by design. */
  notServed?: string;
}

export interface PostmanRun {
  steps: StepResult[];
  /** Every HTTP request newman sent. */
  requests: number;
}

export const requestKey = (item: Item): string => `${item.request.method} /${item.request.url.path.join('/')}`;

export function loadCollection(externalDir: string, name: CollectionName): { items: Item[]; info: Json } {
  const file = join(externalDir, 'postman', `${name}.postman_collection.json`);
  const collection = JSON.parse(readFileSync(file, 'utf8')) as { info: Json; item: (Item | { item: unknown[] })[] };
  const items: Item[] = [];
  const walk = (list: unknown[]) => {
    for (const it of list as (Item & { item?: unknown[] })[]) {
      if (Array.isArray(it.item)) walk(it.item);
      else items.push(it);
    }
  };
  walk(collection.item);
  return { items, info: collection.info };
}

/** Every `{{name}}` an item's request uses. */
function variablesOf(item: Item): Set<string> {
  const names = new Set<string>();
  for (const m of JSON.stringify(item.request).matchAll(/\{\{([^{}]+)\}\}/g)) names.add(m[1]!);
  return names;
}

/** The variable a raw body consists of (`{{body}}`), if it is one. */
function bodyVariable(item: Item): string | undefined {
  const raw = item.request.body?.mode === 'raw' ? item.request.body.raw : undefined;
  return raw === undefined ? undefined : /^\{\{([^{}]+)\}\}$/.exec(raw.trim())?.[1];
}

// The sandbox code shared by every step: `${name}` from the environment, JSON pointers.
const HELPERS = [
  'var __sub = function (s) { return String(s).replace(/\\$\\{([A-Za-z0-9_]+)\\}/g, function (_, k) {',
  '  var v = pm.environment.get(k); if (v === undefined || v === null || v === "") throw new Error("no value for ${" + k + "} (an earlier step did not capture it)"); return String(v); }); };',
  'var __ptr = function (doc, p) { p = __sub(p); if (p === "") return doc; return p.slice(1).split("/").map(function (x) { return x.replace(/~1/g, "/").replace(/~0/g, "~"); })',
  '  .reduce(function (o, k) { return o === undefined || o === null ? undefined : o[k]; }, doc); };',
];

interface Plan {
  kind: 'step' | 'notServed';
  step?: PostmanStep;
  notServed?: NotServed;
  name: string;
  collection: CollectionName;
  request: string;
  expected: number;
}

function derive(item: Item, plan: Plan, index: number, environment: Set<string>): Item {
  const copy = structuredClone(item);
  copy.name = `${String(index + 1).padStart(2, '0')} ${plan.name}`;
  const url = copy.request.url;
  const host = Array.isArray(url.host) ? url.host.join('.') : url.host;
  if (host !== 'platform.adobe.io') throw new Error(`${plan.collection}: ${plan.request} is not addressed to platform.adobe.io (${host})`);
  delete url.protocol;
  url.host = ['{{PLATFORM_GATEWAY}}'];
  if (url.raw !== undefined) url.raw = url.raw.replace(/^https:\/\/platform\.adobe\.io/, '{{PLATFORM_GATEWAY}}');
  for (const v of url.variable ?? []) if (v.key === undefined && v.id !== undefined) v.key = v.id;

  const step = plan.step;
  const names = variablesOf(item);
  const set: Record<string, string> = {};
  if (step !== undefined) {
    Object.assign(set, step.variables);
    if (step.json !== undefined) {
      const name = bodyVariable(item);
      if (name === undefined) throw new Error(`step "${step.name}": ${plan.request} has no {{variable}} body to give JSON to`);
      set[name] = JSON.stringify(step.json);
    }
    if (step.body !== undefined) {
      copy.request.body = { mode: 'raw', raw: '{{__body}}' };
      set.__body = step.body.raw;
    }
    for (const [key, value] of Object.entries(step.headers ?? {})) {
      const header = copy.request.header.find((h) => h.key.toLowerCase() === key.toLowerCase());
      if (header !== undefined) header.value = value;
      else copy.request.header.push({ key, value });
    }
    for (const name of Object.keys(step.variables)) if (!names.has(name)) throw new Error(`step "${step.name}": ${plan.request} has no {{${name}}}`);
  } else {
    // A request the server does not serve: every path variable gets a value, so the path is the collection's.
    for (const v of item.request.url.variable ?? []) {
      const m = /^\{\{([^{}]+)\}\}$/.exec(v.value);
      if (m !== null) set[m[1]!] = 'not-served-probe';
    }
  }
  // Variables this step leaves unset are cleared, so nothing leaks from an earlier step; the environment's stay.
  const cleared = [...names].filter((n) => !environment.has(n) && !Object.hasOwn(set, n));
  const pre = [
    '/** conformance:adobe: the variables of this step (scripts/conformance-adobe/expectations.yaml) **/',
    ...HELPERS,
    `${JSON.stringify(cleared)}.forEach(function (n) { pm.variables.set(n, ""); });`,
    `var __set = ${JSON.stringify(set)};`,
    'Object.keys(__set).forEach(function (n) { pm.variables.set(n, __sub(__set[n])); });',
  ];
  const events = copy.event ?? [];
  const prerequest = events.find((e) => e.listen === 'prerequest');
  if (prerequest !== undefined) prerequest.script.exec = [...pre, ...prerequest.script.exec];
  else events.push({ listen: 'prerequest', script: { type: 'text/javascript', exec: pre } });

  const test = [
    ...HELPERS,
    `var __expected = ${plan.expected};`,
    `var __until = ${JSON.stringify(step?.until ?? null)};`,
    `var __pointers = ${JSON.stringify(step?.expect.pointer ?? {})};`,
    `var __capture = ${JSON.stringify(step?.capture ?? {})};`,
    `var __attemptKey = ${JSON.stringify(`__attempts ${copy.name}`)};`,
    'var __json; try { __json = pm.response.json(); } catch (e) { __json = undefined; }',
    'var __attempt = Number(pm.environment.get(__attemptKey) || 0) + 1;',
    'var __again = __until !== null && pm.response.code === __expected && __until.values.indexOf(String(__ptr(__json, __until.pointer))) < 0 && __attempt < __until.attempts;',
    'if (__again) {',
    '  pm.environment.set(__attemptKey, __attempt);',
    `  postman.setNextRequest(${JSON.stringify(copy.name)});`,
    '  setTimeout(function () {}, __until.intervalMs);',
    '} else {',
    '  pm.environment.unset(__attemptKey);',
    '  pm.test("status " + __expected, function () { pm.expect(pm.response.code).to.equal(__expected); });',
    '  Object.keys(__pointers).forEach(function (p) {',
    '    pm.test(__sub(p) + " is one of " + __pointers[p].join(", "), function () { pm.expect(__pointers[p]).to.include(String(__ptr(__json, p))); });',
    '  });',
    '  Object.keys(__capture).forEach(function (name) {',
    '    var v = __ptr(__json, __capture[name]);',
    '    if (v !== undefined && v !== null) pm.environment.set(name, String(v)); else pm.environment.unset(name);',
    '  });',
    '}',
  ];
  events.push({ listen: 'test', script: { type: 'text/javascript', exec: test } });
  copy.event = events;
  return copy;
}

/** Checks that every request of every collection has a step or is listed as not served; builds the run. */
export function buildRun(externalDir: string, expectations: Expectations, values: Record<string, string>): { collection: Json; environment: Json; plans: Plan[] } {
  const byKey = new Map<string, Item>();
  const problems: string[] = [];
  const collections = new Map<CollectionName, Item[]>();
  for (const name of ['data-ingestion-api', 'catalog-service-api', 'data-access-api'] as const) {
    const { items } = loadCollection(externalDir, name);
    collections.set(name, items);
    for (const item of items) {
      const key = `${name} ${requestKey(item)}`;
      if (byKey.has(key)) problems.push(`${name}: two requests are ${requestKey(item)}; the steps cannot tell them apart`);
      byKey.set(key, item);
    }
  }
  const plans: Plan[] = [
    ...expectations.postman.steps.map((step): Plan => ({ kind: 'step', step, name: step.name, collection: step.collection, request: step.request, expected: step.expect.status })),
    ...expectations.postman.notServed.map(
      (n): Plan => ({ kind: 'notServed', notServed: n, name: `not served: ${n.request}`, collection: n.collection, request: n.request, expected: n.status }),
    ),
  ];
  const planned = new Set(plans.map((p) => `${p.collection} ${p.request}`));
  for (const p of plans) if (!byKey.has(`${p.collection} ${p.request}`)) problems.push(`"${p.name}": ${p.collection} has no request ${p.request}`);
  for (const [name, items] of collections)
    for (const item of items)
      if (!planned.has(`${name} ${requestKey(item)}`)) problems.push(`${name}: "${item.name}" (${requestKey(item)}) has no step and is not listed as not served`);
  if (problems.length > 0) throw new Error(`expectations.yaml does not cover the collections as they are:\n  ${problems.join('\n  ')}`);

  const environmentValues: Record<string, string> = { ...values };
  for (const [key, value] of Object.entries(expectations.postman.environment))
    environmentValues[key] = value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, k: string) => values[k] ?? '');
  const environmentNames = new Set(Object.keys(environmentValues));
  const items = plans.map((p, i) => derive(byKey.get(`${p.collection} ${p.request}`)!, p, i, environmentNames));
  return {
    collection: { info: { name: 'conformance:adobe', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: items },
    environment: { name: 'conformance:adobe', values: Object.entries(environmentValues).map(([key, value]) => ({ key, value, type: 'text', enabled: true })) },
    plans,
  };
}

export async function runCollections(externalDir: string, expectations: Expectations, serverUrl: string, values: Record<string, string>): Promise<PostmanRun> {
  const { collection, environment, plans } = buildRun(externalDir, expectations, { ...values, PLATFORM_GATEWAY: serverUrl });
  const results = new Map<string, StepResult>();
  const order: string[] = [];
  (collection.item as Item[]).forEach((item, i) => {
    const p = plans[i]!;
    order.push(item.name);
    results.set(item.name, {
      name: p.name,
      collection: p.collection,
      request: p.request,
      expected: p.expected,
      status: undefined,
      sent: 0,
      failures: [],
      body: '',
      ...(p.notServed !== undefined ? { notServed: p.notServed.reason } : {}),
    });
  });
  let requests = 0;
  await new Promise<void>((resolve, reject) => {
    newman
      .run({ collection, environment, reporters: [], timeoutRequest: 15_000, timeoutScript: 15_000 }, (err) => (err ? reject(err) : resolve()))
      .on('request', (err, args) => {
        const r = results.get(args.item.name);
        requests++;
        if (r === undefined) return;
        r.sent++;
        if (err) r.failures.push(`no answer: ${err.message}`);
        r.status = args.response?.code;
        r.body = args.response?.stream?.toString('utf8').slice(0, 300) ?? '';
      })
      .on('assertion', (err, args) => {
        const r = results.get(args.item.name);
        if (err && r !== undefined) r.failures.push(`${args.assertion}: ${err.message}`);
      })
      .on('script', (err, args) => {
        const r = results.get(args.item.name);
        if (err && r !== undefined) r.failures.push(`${args.event.listen} script: ${err.message}`);
      });
  });
  return { steps: order.map((name) => results.get(name)!), requests };
}

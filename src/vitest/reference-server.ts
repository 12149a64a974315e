/**
 * `useReferenceServer`: the reference server for the tests of one file (or one `describe`), started in
 * `beforeAll` and closed in `afterAll`, with the environment `check-client` gives a client under test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ClientVariable } from '../client/environment.js';
import type { ProfileName } from '../contract/profiles.js';
import { startServer, type RunningServer, type StartServerOptions } from '../server/index.js';
import { defaultWorld } from '../world/default.js';
import type { World } from '../world/types.js';

export interface UseReferenceServerOptions {
  /** The tenant the server serves; default the embedded default world. */
  world?: World;
  /** Which reading to follow where Adobe's sources disagree; default `docs`. */
  profile?: ProfileName;
  /** Obey the `x-aep-harness-fault` request header and the world's faults; default false. */
  faults?: boolean;
  /** `memory` (default), or `temp-dir`: the durable file store in a temporary directory, removed after. */
  store?: 'memory' | 'temp-dir';
  /** The inlet `env.AEP_INLET_ID` names; default the world's first. */
  inletId?: string;
  /** The dataset `env.AEP_DATASET_ID` names; default the world's first. */
  datasetId?: string;
  /** How long a batch may stay loading before it is abandoned, and a reverted batch before it is deleted. */
  batches?: StartServerOptions['batches'];
  /** The server's log lines (none by default). */
  log?: (line: string) => void;
}

/** The variables `useReferenceServer` sets: the ones every `check-client` scenario sets, but the scenario's name. */
export type ReferenceServerVariable = Exclude<ClientVariable, 'AEP_SCENARIO' | 'AEP_CAMPAIGN_MAPPING_ID' | 'AEP_MESSAGES_FILE' | 'AEP_BATCH_FILE'>;

export type ReferenceServerEnv = Record<ReferenceServerVariable, string>;

export interface ReferenceServer {
  /** The server's base URL, `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly server: RunningServer;
  /**
   * What a client under test is given, as `check-client` gives it: every URL is the server's (a base,
   * no trailing slash), the inlet, org, sandbox, a token and API key the server takes, a dataset and its schema.
   */
  readonly env: ReferenceServerEnv;
  /** The world the server serves. */
  readonly world: World;
  /** With `store: 'temp-dir'`, the server's data directory while it runs (removed after); otherwise undefined. */
  readonly dataDir: string | undefined;
}

function notStarted(what: string): never {
  throw new Error(`useReferenceServer(): ${what} is read before the server started; read it inside a test or a hook that runs after beforeAll, not at the top of the file or in describe()`);
}

function environment(world: World, url: string, options: UseReferenceServerOptions): ReferenceServerEnv {
  const inlet = options.inletId === undefined ? world.inlets[0] : world.inlets.find((i) => i.id === options.inletId);
  if (inlet === undefined) throw new Error(`useReferenceServer(): ${options.inletId === undefined ? 'the world has no inlet' : `inlet ${options.inletId} is not in the world (${world.source})`}`);
  const org = world.orgs.find((o) => o.id === inlet.org);
  const dataset = options.datasetId === undefined ? world.datasets[0] : world.datasets.find((d) => d.id === options.datasetId);
  if (dataset === undefined) throw new Error(`useReferenceServer(): ${options.datasetId === undefined ? 'the world has no dataset' : `dataset ${options.datasetId} is not in the world (${world.source})`}`);
  return {
    AEP_STREAMING_URL: url,
    AEP_PLATFORM_URL: url,
    AEP_CAMPAIGN_URL: url,
    AEP_INLET_ID: inlet.id,
    AEP_ORG_ID: inlet.org,
    AEP_SANDBOX_NAME: org?.sandboxes[0] ?? 'prod',
    // A token the world lists for an authenticated inlet; otherwise one made up for the run (the server
    // checks that platform calls carry a bearer token, not what it holds).
    AEP_ACCESS_TOKEN: inlet.tokens?.[0] ?? `local-${randomBytes(12).toString('hex')}`,
    AEP_API_KEY: 'aep-harness-local',
    AEP_DATASET_ID: dataset.id,
    AEP_SCHEMA_ID: dataset.schema,
  };
}

/**
 * Starts the reference server before the tests of the enclosing file or `describe` and closes it after
 * them. The returned object's `url`, `server` and `env` are filled once the server is up; reading them
 * earlier throws.
 */
export function useReferenceServer(options: UseReferenceServerOptions = {}): ReferenceServer {
  const world = options.world ?? defaultWorld();
  let running: { server: RunningServer; env: ReferenceServerEnv } | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (options.store === 'temp-dir') dataDir = await mkdtemp(join(tmpdir(), 'aep-harness-reference-'));
    const server = await startServer({
      world,
      profile: options.profile ?? 'docs',
      faults: options.faults ?? false,
      host: '127.0.0.1',
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(options.batches ? { batches: options.batches } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    try {
      running = { server, env: environment(world, server.url.replace(/\/+$/, ''), options) };
    } catch (error) {
      await server.close();
      throw error;
    }
  });

  afterAll(async () => {
    const was = running;
    running = undefined;
    try {
      await was?.server.close();
    } finally {
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
      dataDir = undefined;
    }
  });

  return {
    get url() {
      return (running ?? notStarted('url')).env.AEP_STREAMING_URL;
    },
    get server() {
      return (running ?? notStarted('server')).server;
    },
    get env() {
      return { ...(running ?? notStarted('env')).env };
    },
    world,
    get dataDir() {
      return dataDir;
    },
  };
}

/**
 * The reference server: the three ingestion APIs on one port, answering as documented.
 * `startServer(options)` for tests and programs; `aep-harness serve` for people.
 */
import { createServer, type Server } from 'node:http';
import type { ProfileName } from '../contract/profiles.js';
import { defaultWorld } from '../world/default.js';
import type { World } from '../world/types.js';
import { createHandler, type Route } from './app.js';
import { withHarnessRoutes, type RequestLogEntry } from './harness-routes.js';
import { resumeProcessing, settleBatches } from './batch-processing.js';
import { configureBatchIngestion, type BatchIngestionOptions } from './batch-state.js';
import { createContext, systemClock, type IdSource, type ServerContext } from './context.js';
import { listen } from './listen.js';
import { batchRoutes } from './routes/batch.js';
import { campaignRoutes } from './routes/campaign.js';
import { catalogRoutes } from './routes/catalog.js';
import { exportRoutes } from './routes/export.js';
import { streamingRoutes } from './routes/streaming.js';
import { streamingAliasRoutes } from './routes/streaming-alias.js';
import { createMemoryStore, openFileStore } from './store/index.js';
import type { Clock, Store } from './store/types.js';

export interface StartServerOptions {
  world?: World;
  profile?: ProfileName;
  /** Where batches, files and statuses persist; without it (and without `store`) they live in memory. */
  dataDir?: string;
  store?: Store;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
  clock?: Clock;
  /** Obey the `x-aep-harness-fault` request header. */
  faults?: boolean;
  log?: (line: string) => void;
  /** Called once per request when its answer is sent or its connection closes (`serve` prints a line each). */
  requestLog?: (entry: RequestLogEntry) => void;
  ids?: IdSource;
  /** How long a batch may stay loading before it is abandoned, and a reverted batch before it is deleted. */
  batches?: BatchIngestionOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  close(): Promise<void>;
}

export const ROUTES: readonly Route[] = [...streamingRoutes, ...streamingAliasRoutes, ...campaignRoutes, ...batchRoutes, ...catalogRoutes, ...exportRoutes];

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? (options.dataDir ? await openFileStore(options.dataDir, { clock }) : createMemoryStore({ clock }));
  const context = createContext({
    world: options.world ?? defaultWorld(),
    profile: options.profile ?? 'docs',
    store,
    clock,
    faults: options.faults ?? false,
    log: options.log ?? (() => {}),
    ...(options.ids ? { ids: options.ids } : {}),
  });
  if (options.batches) configureBatchIngestion(context, options.batches);
  const resumed = resumeProcessing(context);
  if (resumed > 0) context.log(`resumed processing of ${resumed} batch${resumed === 1 ? '' : 'es'} left loaded or staging`);
  const server: Server = createServer(withHarnessRoutes(createHandler(ROUTES, context), context, options.requestLog));
  server.keepAliveTimeout = 5_000;
  let listening;
  try {
    listening = await listen(server, options.port, options.host);
  } catch (error) {
    // A port in use must not leave the data directory held by this process.
    await settleBatches(context);
    if (!options.store) await store.close();
    throw error;
  }
  const { url, port } = listening;
  return {
    url,
    port,
    context,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await settleBatches(context);
      if (!options.store) await store.close();
    },
  };
}

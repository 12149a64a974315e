/**
 * The subject of the server benchmark: the reference server, as `serve --data-dir` runs it (the default
 * world, the default profile, the durable file store), in a process of its own.
 *
 *   node --import tsx bench/server/serve-subject.ts DATA_DIR
 *
 * DATA_DIR must be a fresh directory (the runner makes one under the system's temp dir and removes it).
 * Prints `LISTENING http://127.0.0.1:PORT` on stdout once it listens; closes the server (and the store) on
 * SIGTERM or SIGINT, then exits.
 */
import { startServer } from '../../src/server/index.js';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (dataDir === undefined) {
    process.stderr.write('serve-subject: give the data directory\n');
    process.exit(2);
  }
  const server = await startServer({ port: 0, dataDir });
  process.stdout.write(`LISTENING ${server.url}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`serve-subject: closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`serve-subject: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/** A reference server in its own process on a data directory, for the crash spec: prints its URL, runs until killed. */
import { startServer } from '../../../src/server/index.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-child.ts DATA_DIR');
const server = await startServer({ dataDir, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`URL ${server.url}\n`);

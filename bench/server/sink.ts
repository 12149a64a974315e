/**
 * The generator's ceiling: a trivial `node:http` server that reads each request body to its end and
 * answers 207 at once with a fixed body of one accepted entry per message (the shape the reference server
 * answers), so that the load generator does exactly the work it does against the subject. No parsing, no
 * validation, no storage: what the generator reaches against it is the most it can measure.
 *
 *   node --import tsx bench/server/sink.ts MESSAGES_PER_REQUEST
 *
 * Prints `LISTENING http://127.0.0.1:PORT` on stdout once it listens; stops on SIGTERM or SIGINT.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INLET_ID } from './bodies.js';

const messages = Number(process.argv[2] ?? '100');
if (!Number.isInteger(messages) || messages < 1) {
  process.stderr.write(`sink: the number of messages per request must be a positive integer; got ${process.argv[2]}\n`);
  process.exit(2);
}
const answer = Buffer.from(
  JSON.stringify({
    inletId: INLET_ID,
    batchId: '1565638336649:1750:244',
    receivedTimeMs: 1565638336705,
    responses: Array.from({ length: messages }, (_, i) => ({ xactionId: `1565638336649:1750:244:${i}` })),
  }),
);

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(207, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

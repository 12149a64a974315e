/** `aep-harness serve`: the reference server on one port until interrupted (SIGINT or SIGTERM). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { startServer } from '../server/index.js';
import { HEALTH_PATH, requestLogLine } from '../server/harness-routes.js';
import { redactSecrets } from '../report/redact.js';
import { addWorldOptions, parsePort, parseProfile, resolveWorld } from './common.js';
import { dataDirError, listenError } from './environment.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';

interface ServeOptions {
  world?: string;
  profile: string;
  port: string;
  host: string;
  dataDir: string;
  faults: boolean;
  quiet?: boolean;
}

export function serveCommand(io: CliIo, done: (code: ExitCode) => void, stopSignal: () => Promise<void>): Command {
  const cmd = new Command('serve')
    .description(describeCommand('serve'))
    .option('--port <n>', 'port to listen on; 0 picks a free one', '0')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where batches, files and statuses persist', '.aep-harness-data')
    .option('--no-faults', 'ignore the x-aep-harness-fault request header')
    .option('-q, --quiet', 'no line per request on standard error (the listening line and errors are still printed)');
  addWorldOptions(cmd);
  cmd.addHelpText('after', `\nHealth: GET ${HEALTH_PATH} answers 200 {"status":"ok",…} once the server is up.\n`);
  return cmd.action(async (opts: ServeOptions) => {
    const profile = parseProfile(opts.profile);
    const port = parsePort(opts.port);
    const world = await resolveWorld(opts.world, io);
    const dataDir = resolve(io.cwd, opts.dataDir);
    let server;
    try {
      server = await startServer({
        world,
        profile,
        port,
        host: opts.host,
        dataDir,
        faults: opts.faults,
        log: (line) => io.stderr.write(`${line}\n`),
        // One line per request on standard error, its path redacted (a token pasted in a URL stays out of logs).
        ...(opts.quiet === true ? {} : { requestLog: (entry) => io.stderr.write(`${redactSecrets(requestLogLine(entry))}\n`) }),
      });
    } catch (error) {
      throw listenError(error, { host: opts.host, port, what: 'the server' }) ?? dataDirError(error, opts.dataDir) ?? error;
    }
    io.stdout.write(`aep-harness serve: listening on ${server.url} (world ${world.source}, profile ${profile}, data in ${dataDir}; health: ${server.url}${HEALTH_PATH})\n`);
    await stopSignal();
    await server.close();
    io.stdout.write('aep-harness serve: stopped\n');
    done(EXIT.ok);
  });
}

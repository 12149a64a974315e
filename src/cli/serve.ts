/** `aep-harness serve`: the reference server on one port until interrupted (SIGINT or SIGTERM). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { startServer } from '../server/index.js';
import { addWorldOptions, parsePort, parseProfile, resolveWorld } from './common.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';

interface ServeOptions {
  world?: string;
  profile: string;
  port: string;
  host: string;
  dataDir: string;
  faults: boolean;
}

export function serveCommand(io: CliIo, done: (code: ExitCode) => void, stopSignal: () => Promise<void>): Command {
  const cmd = new Command('serve')
    .description(describeCommand('serve'))
    .option('--port <n>', 'port to listen on; 0 picks a free one', '0')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where batches, files and statuses persist', '.aep-harness-data')
    .option('--no-faults', 'ignore the x-aep-harness-fault request header');
  addWorldOptions(cmd);
  return cmd.action(async (opts: ServeOptions) => {
    const profile = parseProfile(opts.profile);
    const port = parsePort(opts.port);
    const world = await resolveWorld(opts.world, io);
    const dataDir = resolve(io.cwd, opts.dataDir);
    const server = await startServer({
      world,
      profile,
      port,
      host: opts.host,
      dataDir,
      faults: opts.faults,
      log: (line) => io.stderr.write(`${line}\n`),
    });
    io.stdout.write(`aep-harness serve: listening on ${server.url} (world ${world.source}, profile ${profile}, data in ${dataDir})\n`);
    await stopSignal();
    await server.close();
    io.stdout.write('aep-harness serve: stopped\n');
    done(EXIT.ok);
  });
}

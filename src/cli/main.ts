/** The `aep-harness` command: one entry point, a file per subcommand, exit codes from DESIGN.md. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io.js';
import { checkClientCommand } from './check-client.js';
import { checkTraceCommand } from './check-trace.js';
import { installConfig } from './common.js';
import { preflightCommand } from './preflight.js';
import { recordCommand } from './record.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { rulesCommand } from './rules.js';
import { serveCommand } from './serve.js';
import { verifyCommand } from './verify.js';

/** Resolves when the process is asked to stop; commands that run until interrupted await it. */
function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function main(argv: readonly string[], io: CliIo, stopSignal: () => Promise<void> = untilSignalled): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const done = (c: ExitCode) => {
    code = c;
  };
  const program = new Command('aep-harness')
    .description('Contract and conformance harness for Adobe Experience Platform data ingestion')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const sub of [preflightCommand(io, done), serveCommand(io, done, stopSignal), rulesCommand(io, done), checkTraceCommand(io, done), checkClientCommand(io, done), recordCommand(io, done, stopSignal), replayCommand(io, done), verifyCommand(io, done), reportCommand(io, done)]) {
    program.addCommand(sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }));
  }
  // aep-harness.config.yaml: --config/--no-config on every command it gives defaults to.
  installConfig(program, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here with exit code 0; every other parse problem is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`aep-harness: ${error.message}\n`);
      return EXIT.usage;
    }
    // A defect of the harness itself: say so plainly, without a stack trace unless asked for.
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr.write(`aep-harness: internal error: ${detail}\n`);
    if (io.env['AEP_HARNESS_DEBUG']) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    io.stderr.write('This is a defect of aep-harness; please report it with the command you ran.\n');
    return 70 as ExitCode;
  }
}

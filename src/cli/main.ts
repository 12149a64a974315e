/**
 * The `aep-harness` command: one entry point, a file per subcommand loaded only when the command line
 * names it, exit codes from DESIGN.md (and README's table).
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS, isCommandName, type CommandName } from './commands.js';
import { describeSystemError, EnvironmentError, EXIT, isSystemError, UsageError, type CliIo, type ExitCode } from './io.js';

/** Resolves when the process is asked to stop; commands that run until interrupted await it. */
function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * The command a command line runs: its first word that is not an option (`help NAME` runs NAME's help).
 * The program's own options (`-V`, `-h`) take no value, so no option's value can be taken for it.
 */
function requestedCommand(argv: readonly string[]): CommandName | undefined {
  const words = argv.filter((word) => !word.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  return isCommandName(first) ? first : undefined;
}

export async function main(argv: readonly string[], io: CliIo, stopSignal: () => Promise<void> = untilSignalled): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const done = (c: ExitCode) => {
    code = c;
  };
  const output = { writeOut: (s: string) => io.stdout.write(s), writeErr: (s: string) => io.stderr.write(s) };
  const program = new Command('aep-harness')
    .description('Contract and conformance harness for Adobe Experience Platform data ingestion')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(output)
    .exitOverride();
  try {
    const requested = requestedCommand(argv);
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const entry = COMMANDS[name];
      if (name === requested) {
        const factory = await entry.load();
        const sub = factory(io, done, stopSignal);
        if (!sub.options.some((o) => o.attributeName() === 'quiet')) sub.option('-q, --quiet', 'no progress, notices or request log; reports, findings and errors are printed as without it');
        program.addCommand(sub.exitOverride().configureOutput(output));
      } else {
        // Listed by the top-level help, never run: a command line that names a command loads that one.
        const listed = new Command(name).description(entry.description);
        if (entry.args !== '') listed.argument(entry.args);
        program.addCommand(listed);
      }
    }
    if (requested !== undefined) {
      // aep-harness.config.yaml: --config/--no-config on every command it gives defaults to.
      const { installConfig } = await import('./common.js');
      installConfig(program, io);
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return failure(error, io);
  }
}

/** The exit code of a run that threw, with its one-line message: usage 2, environment 3, defect 70. */
function failure(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version end through here with exit code 0; every other parse problem is a usage error.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`aep-harness: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof EnvironmentError) {
    io.stderr.write(`aep-harness: ${error.message}\n`);
    return EXIT.input;
  }
  if (isSystemError(error)) {
    // A system call refused by the machine (permissions, a full disk, too many open files) that no
    // command turned into words of its own: still the environment, not a defect.
    io.stderr.write(`aep-harness: ${describeSystemError(error)}\n`);
    if (io.env['AEP_HARNESS_DEBUG']) io.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT.input;
  }
  // A defect of the harness itself: say so plainly, without a stack trace unless asked for.
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`aep-harness: internal error: ${detail}\n`);
  if (io.env['AEP_HARNESS_DEBUG']) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  io.stderr.write('This is a defect of aep-harness; please report it with the command you ran (AEP_HARNESS_DEBUG=1 prints its stack trace).\n');
  return EXIT.defect;
}

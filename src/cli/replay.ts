/**
 * `aep-harness replay [FIXTURES...]`: sends the documented exchanges (fixtures) to a target and says, per
 * fixture and per documented behaviour, whether it answered as documented. Without `--target` the
 * reference server is started in-process. Exit codes: 0 every behaviour passed; 1 one failed; 2 usage;
 * 3 a fixture file is missing or invalid (all its problems printed with file:line:column); 4 nothing
 * answered at the target.
 */
import { isAbsolute, relative } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { TargetUnreachable } from '../conformance/target.js';
import { FixtureError } from '../replay/fixture-error.js';
import { loadFixtures, type LoadedFixture } from '../replay/load.js';
import { DEFAULT_FIXTURES_DIR, replayAgainst } from '../replay/runner.js';
import { renderReplayText } from '../replay/text.js';
import { RUN_VARIABLES } from '../replay/variables.js';
import { redactSecrets } from '../report/redact.js';
import { addWorldOptions, parseProfile, resolveWorld } from './common.js';
import { addConformanceOptions, prepareConformanceOutputs, writeConformance, type ConformanceOutputOptions } from './conformance-output.js';
import { EXIT, wantsColor, type CliIo, type ExitCode } from './io.js';
import { openCliTarget, unreachable } from './target.js';

interface ReplayOptions extends ConformanceOutputOptions {
  target?: string;
  world?: string;
  profile: string;
  verbose?: boolean;
}

export function replayCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('replay')
    .description(describeCommand('replay'))
    .argument('[fixtures...]', 'fixture files or directories of them (*.yaml, *.yml); default: the documented exchanges of the package')
    .option('--target <url>', 'base URL of the server to check (credentials from AEP_ACCESS_TOKEN, AEP_API_KEY, AEP_ORG_ID, AEP_SANDBOX_NAME); default: the reference server, in-process')
    .option('--verbose', 'print every request and answer line (secrets redacted) on standard error');
  addWorldOptions(cmd);
  addConformanceOptions(cmd);
  cmd.addHelpText('after', `\nRun variables a fixture may use as \${name}:\n${RUN_VARIABLES.map((v) => `  ${v.name.padEnd(22)}${v.description}`).join('\n')}\n`);
  return cmd.action(async (fixtures: string[], opts: ReplayOptions) => {
    done(await runReplay(fixtures, opts, io));
  });
}

/** A path for messages: relative to the working directory when it is under it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function runReplay(paths: string[], opts: ReplayOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile);
  // Output mistakes are found before anything is sent: usage errors, or files that cannot be written.
  await prepareConformanceOutputs(opts, 'replay', io);
  const world = await resolveWorld(opts.world, io);

  let fixtures: LoadedFixture[];
  try {
    fixtures = await loadFixtures(paths.length > 0 ? paths : [shown(DEFAULT_FIXTURES_DIR, io.cwd)], { cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    for (const issue of error.errors) io.stderr.write(`${redactSecrets(issue.message)}\n`);
    const files = error.files.length;
    io.stderr.write(`aep-harness replay: ${error.errors.length} problem${error.errors.length === 1 ? '' : 's'} in ${files} fixture file${files === 1 ? '' : 's'}; nothing was sent\n`);
    return EXIT.input;
  }

  const quiet = opts.quiet === true;
  const opened = await openCliTarget('replay', opts.target, world, profile, io, quiet);
  if (typeof opened === 'number') return opened;
  const { target, shown: shownTarget } = opened;
  if (!quiet) io.stdout.write(`aep-harness replay: ${fixtures.length} fixture${fixtures.length === 1 ? '' : 's'} against ${shownTarget}, profile ${profile}\n\n`);
  try {
    const { report, result } = await replayAgainst(target, fixtures, {
      world,
      profile,
      shown: shownTarget,
      ...(opts.verbose === true ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    });
    if (!quiet) io.stdout.write(renderReplayText(result, { color: wantsColor(io.stdout, io.env, opts.color) }));
    return await writeConformance(report, opts, 'replay', io);
  } catch (error) {
    if (error instanceof TargetUnreachable) return unreachable('replay', error, io);
    throw error;
  } finally {
    await target.close();
  }
}

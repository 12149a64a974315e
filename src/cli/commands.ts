/**
 * The subcommands of `aep-harness`: name, arguments and one-line description, and how to load each.
 * This module imports nothing of the project: `aep-harness --help` lists the commands from here, and a
 * run loads only the module of the command it names (`--help` does not pay for every command's imports).
 */
import type { Command } from 'commander';
import type { CliIo, ExitCode } from './io.js';

export type CommandFactory = (io: CliIo, done: (code: ExitCode) => void, stopSignal: () => Promise<void>) => Command;

export interface CommandEntry {
  /** How the top-level help shows the arguments, as the command itself declares them. */
  args: string;
  description: string;
  load(): Promise<CommandFactory>;
}

export const COMMANDS = {
  preflight: {
    args: '[files...]',
    description: 'predict what the platform answers, and why: streaming payloads message by message, batch files record by record (--dataset), a batch upload (--plan)',
    load: async () => (await import('./preflight.js')).preflightCommand,
  },
  serve: {
    args: '',
    description: 'serve the streaming, batch, catalog and Campaign ingestion APIs as documented, with state',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  rules: {
    args: '',
    description: 'list the rules: id, severity and effect under a profile, title, documentation',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  'check-trace': {
    args: '<files...>',
    description: 'check recorded calls (HAR) to the batch, Catalog and Campaign APIs against the documented life cycles, client and server side',
    load: async () => (await import('./check-trace.js')).checkTraceCommand,
  },
  'check-client': {
    args: '[command...]',
    description: 'run a client once per scenario against the reference server (in-process, 127.0.0.1), record its traffic, and judge it against what the documentation asks of a client',
    load: async () => (await import('./check-client.js')).checkClientCommand,
  },
  record: {
    args: '',
    description: 'record traffic through a checking proxy (or from a HAR) as fixtures: every exchange checked against the contract, secrets redacted',
    load: async () => (await import('./record.js')).recordCommand,
  },
  replay: {
    args: '[fixtures...]',
    description: 'replay documented exchanges (fixtures) against a server and report, per documented behaviour, whether it answered as documented',
    load: async () => (await import('./replay.js')).replayCommand,
  },
  verify: {
    args: '',
    description: 'send generated traffic (valid, mutated, oversize; batch and Campaign command sequences) to a target and check every answer against the documented behaviours',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  report: {
    args: '<results>',
    description: 'render the JSON report of an earlier run (preflight, check-trace, replay, verify, check-client) again in other formats',
    load: async () => (await import('./report.js')).reportCommand,
  },
} as const satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** The description a command module gives its `Command`, the same words the top-level help lists. */
export function describeCommand(name: CommandName): string {
  return COMMANDS[name].description;
}

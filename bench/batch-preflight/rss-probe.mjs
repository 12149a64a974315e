// Preloaded into the ajv-cli child (node --import): writes the process's peak RSS (KiB) when it exits, so
// the peer is measured the way the subject is (process.resourceUsage().maxRSS) without changing ajv-cli.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const out = process.env['BENCH_RSS_FILE'];
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));

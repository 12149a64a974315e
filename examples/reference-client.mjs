// The reference client, run on the environment check-client hands over (AEP_STREAMING_URL, AEP_MESSAGES_FILE, …).
import { runClientFromEnv, formatSummary } from 'aep-ingest-harness';
const summary = await runClientFromEnv(process.env, { log: (line) => console.error(line) });
console.log(formatSummary(summary));
process.exitCode = summary.ok ? 0 : 1;

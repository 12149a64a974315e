import { it } from 'vitest';
import { payloadFiles, pretty, requestOf, webEventMessage, profileMessage, PROFILES } from './helpers.js';
const files = payloadFiles();
it('probe', async () => {
  for (const p of PROFILES) {
    const { report } = await files.preflight('base.json', pretty(requestOf(webEventMessage(), profileMessage())), p);
    console.log(p, JSON.stringify(report, null, 1));
  }
});

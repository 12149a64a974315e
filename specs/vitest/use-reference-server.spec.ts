/** `useReferenceServer`: the reference server around a file's tests, with the environment check-client gives a client. */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { useReferenceServer } from '../../src/vitest/index.js';
import { defaultWorld } from '../../src/world/default.js';

describe('useReferenceServer', () => {
  const reference = useReferenceServer();
  let early: unknown;
  try {
    void reference.env;
  } catch (error) {
    early = error;
  }

  it('says plainly when url, server or env are read before the server started', () => {
    expect((early as Error).message).toMatchInlineSnapshot(`"useReferenceServer(): env is read before the server started; read it inside a test or a hook that runs after beforeAll, not at the top of the file or in describe()"`);
  });

  it('gives every URL as the server’s base without a trailing slash, and the tenant’s ids', () => {
    const world = defaultWorld();
    const { env } = reference;
    expect(reference.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(reference.server.url).toBe(reference.url);
    expect(env).toEqual({
      AEP_STREAMING_URL: reference.url,
      AEP_PLATFORM_URL: reference.url,
      AEP_CAMPAIGN_URL: reference.url,
      AEP_INLET_ID: world.inlets[0]!.id,
      AEP_ORG_ID: world.orgs[0]!.id,
      AEP_SANDBOX_NAME: 'prod',
      AEP_ACCESS_TOKEN: expect.stringMatching(/^local-[0-9a-f]{24}$/),
      AEP_API_KEY: 'aep-harness-local',
      AEP_DATASET_ID: world.datasets[0]!.id,
      AEP_SCHEMA_ID: world.datasets[0]!.schema,
    });
    expect(reference.dataDir).toBeUndefined();
  });

  it('the environment is enough to call the platform APIs: a batch is created', async () => {
    const { env } = reference;
    const res = await fetch(`${env.AEP_PLATFORM_URL}/data/foundation/import/batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.AEP_ACCESS_TOKEN}`,
        'x-api-key': env.AEP_API_KEY,
        'x-gw-ims-org-id': env.AEP_ORG_ID,
        'x-sandbox-name': env.AEP_SANDBOX_NAME,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ datasetId: env.AEP_DATASET_ID, inputFormat: { format: 'json' } }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'loading' });
  });
});

describe('useReferenceServer with a temporary data directory', () => {
  let dir: string | undefined;

  describe('while the tests run', () => {
    const reference = useReferenceServer({ store: 'temp-dir', profile: 'strict' });

    it('keeps its store in a directory of its own', () => {
      dir = reference.dataDir;
      expect(dir).toBeDefined();
      expect(existsSync(dir!)).toBe(true);
      expect(reference.server.context.profile).toBe('strict');
    });
  });

  afterAll(() => {
    // After the inner describe's hooks: the server is closed and its directory gone.
    expect(existsSync(dir!)).toBe(false);
  });
});

/** The target of a conformance run: credentials from the environment only, and a clear word when nothing answers. */
import { describe, expect, it } from 'vitest';
import {
  credentialHeaders,
  missingCredentialsNotice,
  normaliseTargetUrl,
  openTarget,
  probeTarget,
  TargetUnreachable,
} from '../../../src/conformance/target.js';
import { defaultWorld } from '../../../src/world/default.js';
import { closedPort } from '../../loopback.js';


describe('credentials come from the environment, by documented header', () => {
  it('each variable fills its header; unset and empty ones fill nothing', () => {
    expect(credentialHeaders({ AEP_ACCESS_TOKEN: 'tok', AEP_API_KEY: 'key', AEP_ORG_ID: 'ORG@AdobeOrg', AEP_SANDBOX_NAME: '' })).toEqual({
      Authorization: 'Bearer tok',
      'x-api-key': 'key',
      'x-gw-ims-org-id': 'ORG@AdobeOrg',
    });
  });

  it('a URL target without some of them says which headers go without', async () => {
    const world = defaultWorld();
    const running = await openTarget({ world, profile: 'docs', env: {} });
    try {
      const target = await openTarget({ target: `${running.url}/`, world, profile: 'docs', env: { AEP_API_KEY: 'key' } });
      expect(target.url).toBe(running.url);
      expect(target.headers).toEqual({ 'x-api-key': 'key' });
      expect(missingCredentialsNotice(target)).toBe(
        'AEP_ACCESS_TOKEN, AEP_ORG_ID, AEP_SANDBOX_NAME not set: requests go without Authorization, x-gw-ims-org-id, x-sandbox-name',
      );
    } finally {
      await running.close();
    }
  });
});

describe('the reference server in-process when no target is given', () => {
  it('answers on loopback, with the documented headers for the world\'s org and a made-up token', async () => {
    const target = await openTarget({ world: defaultWorld(), profile: 'docs', env: { AEP_ACCESS_TOKEN: 'never-used' } });
    try {
      expect(target.inProcess).toBe(true);
      expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(target.headers['x-gw-ims-org-id']).toBe('5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg');
      expect(target.headers['Authorization']).toMatch(/^Bearer local-[0-9a-f]{24}$/);
      expect(missingCredentialsNotice(target)).toBeUndefined();
      const answer = await fetch(`${target.url}/data/foundation/catalog/batches/none`, { headers: target.headers });
      expect(answer.status).toBe(404);
    } finally {
      await target.close();
    }
  });
});

describe('targets that cannot be used', () => {
  it('anything but an http(s) URL is refused', () => {
    expect(() => normaliseTargetUrl('ftp://example.test')).toThrow(/http or https/);
    expect(() => normaliseTargetUrl('localhost:8080')).toThrow(/http or https/);
    expect(() => normaliseTargetUrl('not a url')).toThrow(/takes a URL/);
  });

  it('a port nothing listens on is TargetUnreachable, naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(probeTarget(url)).rejects.toBeInstanceOf(TargetUnreachable);
    await expect(probeTarget(url)).rejects.toThrow(`cannot reach ${url}: ECONNREFUSED`);
  });
});

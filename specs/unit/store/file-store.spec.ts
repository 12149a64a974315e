import { afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFileStore } from '../../../src/server/store/index.js';
import { describeStoreContract } from './contract.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-contract-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let count = 0;

describeStoreContract('file store', {
  open: (clock) => openFileStore(path.join(root, `store-${count++}`), { fsync: false, clock }),
  reopen: async (store, clock) => {
    await store.close();
    return openFileStore(store.dir, { fsync: false, clock });
  },
});

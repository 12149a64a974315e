import { createMemoryStore } from '../../../src/server/store/index.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('memory store', {
  open: async (clock) => createMemoryStore({ clock }),
  // Nothing to reopen: a later reader of a memory store is the same store.
  reopen: async (store) => store,
});

/**
 * What the crash writer writes, made reproducible so the checker can tell, for any record it finds,
 * exactly which bytes it must hold: content is a pure function of a label and a length.
 */
import { createCipheriv, createHash } from 'node:crypto';

/** Deterministic bytes: the AES-128-CTR key stream of a key derived from the label. */
export function contentFor(label: string, length: number): Buffer {
  const key = createHash('sha256').update(label).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
export const STATUSES = ['loading', 'staging', 'processing', 'active', 'success'] as const;

export function statusAt(version: number): string {
  return STATUSES[version % STATUSES.length] ?? 'loading';
}

export function wholeFileLabel(batchId: string, name: string, generation: number): string {
  return `${batchId}/${name}#${generation}`;
}

export function chunkLabel(batchId: string, name: string, start: number): string {
  return `${batchId}/${name}@${start}`;
}

/**
 * One line of the writer's stdout. BEGIN is printed (synchronously) before an operation starts and ACK
 * after its promise resolved, so anything durable has a BEGIN, and anything with an ACK must be durable.
 */
export type WriterEvent =
  | { op: 'batch'; batchId: string; version: number }
  | { op: 'file'; batchId: string; name: string; generation: number; size: number; sha256: string }
  | { op: 'chunk'; batchId: string; name: string; start: number; end: number }
  | { op: 'complete'; batchId: string; name: string; sha256: string }
  | { op: 'records'; batchId: string; group: string; count: number };

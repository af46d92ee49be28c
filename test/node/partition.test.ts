/** core/partition.ts: one key per source and principal, never holding the secret. */
import { describe, expect, it } from 'vitest';
import { derivePartition } from '../../core/partition.js';

describe('derivePartition', () => {
  it('names the adapter and endpoint, and the principal only by a digest', async () => {
    const key = await derivePartition(
      'generic',
      'https://audit.example.com/base/',
      () => 's3cr3t-key',
    );
    expect(key).toMatch(/^generic@https:\/\/audit\.example\.com\/base#[0-9a-f]{16}$/);
    expect(key).not.toContain('s3cr3t');
  });

  it('differs by principal, adapter and endpoint; is stable for the same ones', async () => {
    const a = await derivePartition('generic', 'http://127.0.0.1:8787', () => 'key-a');
    expect(
      await derivePartition('generic', 'http://127.0.0.1:8787', () => Promise.resolve('key-a')),
    ).toBe(a);
    const others = await Promise.all([
      derivePartition('generic', 'http://127.0.0.1:8787', () => 'key-b'),
      derivePartition('nected', 'http://127.0.0.1:8787', () => 'key-a'),
      derivePartition('generic', 'http://127.0.0.1:9999', () => 'key-a'),
      derivePartition('generic', 'http://127.0.0.1:8787', undefined),
    ]);
    expect(new Set([a, ...others]).size).toBe(5);
  });

  it('reads header credentials in any order, never their values', async () => {
    const one = await derivePartition('kore', 'http://k', () => ({
      headers: { auth: 'tok-1', 'x-tenant': 'acme' },
    }));
    const two = await derivePartition('kore', 'http://k', () => ({
      headers: { 'X-Tenant': 'acme', auth: 'tok-1' },
    }));
    expect(one).toBe(two);
    expect(one).not.toMatch(/tok-1|acme/);
  });
});

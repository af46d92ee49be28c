import { describe, expect, it } from 'vitest';
import { loadSource } from '../../../core/sources/load.js';

describe('loadSource', () => {
  it.each(['generic', 'nected', 'kore', 'org-audit'])(
    'loads the %s adapter by name',
    async (name) => {
      const source = await loadSource(name, { endpoint: 'http://127.0.0.1:9' });
      expect(source.name).toBe(name);
      expect(typeof source.search).toBe('function');
    },
  );

  it('passes the config on: the mapped adapter refuses a missing mapping with its own message', async () => {
    await expect(loadSource('mapped', { endpoint: 'http://127.0.0.1:9' })).rejects.toThrow(
      /mapping/i,
    );
  });

  it('refuses an unknown name, naming the valid ones', async () => {
    await expect(loadSource('splunk', { endpoint: 'http://127.0.0.1:9' })).rejects.toThrow(
      'Unknown audit source "splunk": expected one of generic, nected, kore, org-audit, mapped',
    );
  });
});

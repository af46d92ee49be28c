/** extension/source-tag.ts: what a share link names its source by. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linkTo, sourceTag } from '../../../extension/source-tag.js';

/** SHA-256's first 6 bytes in hex, by Node's own implementation. */
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('sourceTag', () => {
  it('is a digest of the API and the address: nothing readable, no key, no name', async () => {
    const tag = await sourceTag({ adapter: 'generic', endpoint: 'https://audit.example.com/api' });
    expect(tag).toBe(digest('generic https://audit.example.com/api'));
    expect(tag).toMatch(/^[0-9a-f]{12}$/);
    expect(tag).not.toContain('audit');
  });

  it('is the same however the address is spelled, and differs by API or address', async () => {
    const tag = (adapter: 'generic' | 'kore', endpoint: string) => sourceTag({ adapter, endpoint });
    const base = await tag('generic', 'https://audit.example.com/api');
    expect(await tag('generic', 'https://AUDIT.example.com:443/api/')).toBe(base);
    expect(await tag('kore', 'https://audit.example.com/api')).not.toBe(base);
    expect(await tag('generic', 'https://audit.example.com/other')).not.toBe(base);
    expect(await tag('generic', 'http://localhost:8787')).not.toBe(
      await tag('generic', 'http://127.0.0.1:8787'),
    );
  });
});

describe('linkTo', () => {
  it('names the source in the query, leaving out any fragment', () => {
    expect(linkTo('chrome-extension://abc/viewer.html', '0123456789ab')).toBe(
      'chrome-extension://abc/viewer.html?source=0123456789ab',
    );
    expect(
      linkTo('chrome-extension://abc/viewer.html?source=ffffffffffff#v1;q=x', '0123456789ab'),
    ).toBe('chrome-extension://abc/viewer.html?source=0123456789ab');
  });
});

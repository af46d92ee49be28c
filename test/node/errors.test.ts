/** core/errors.ts `messageOf`: a failure's words, whatever a host's own source threw. */
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../core/errors.js';

describe('messageOf', () => {
  it('says an Error by its message, an object by its message or its HTTP status', () => {
    expect(messageOf(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(messageOf({ status: 502, message: 'gateway' })).toBe('gateway');
    expect(messageOf(new Response('{}', { status: 503, statusText: 'Service Unavailable' }))).toBe(
      'HTTP 503 Service Unavailable',
    );
    expect(messageOf({ status: 404 })).toBe('HTTP 404');
    expect(messageOf('timed out')).toBe('timed out');
  });

  it('never writes out what was thrown (it may carry a request and its headers)', () => {
    const thrown = { request: { headers: { authorization: 'Bearer sk_live_123' } } };
    const said = messageOf(thrown);
    expect(said).not.toContain('sk_live_123');
    expect(said).not.toContain('[object Object]');
    expect(said).toBe('an error that says nothing more');
  });
});

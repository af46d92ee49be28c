/** The Trace column's short form tells traces apart (issue 11 item 5). */
import { describe, expect, it } from 'vitest';
import { shortTraceId } from '../../components/log-table/format.js';

describe('shortTraceId', () => {
  it('shows the random part of an X-Ray id, not the shared Root=1-<time> prefix', () => {
    expect(shortTraceId('Root=1-6746b398-53e5e9017fd84ff46c030f27')).toBe('53e5e901…');
    expect(shortTraceId('Root=1-6746b398-a1b2c3d4e5f60718293a4b5c')).toBe('a1b2c3d4…');
    expect(shortTraceId('1-6746b398-53e5e9017fd84ff46c030f27')).toBe('53e5e901…');
    expect(shortTraceId('Root=1-6746b398-53e5e9017fd84ff46c030f27;Parent=53995c3f42cd8ad8')).toBe(
      '53e5e901…',
    );
  });

  it('shows the trace id of a W3C traceparent, and the start of anything else', () => {
    expect(shortTraceId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f35…',
    );
    expect(shortTraceId('4d693277-9509-4afa-a1af-f78d80bf74f3')).toBe('4d693277…');
    expect(shortTraceId('t-123')).toBe('t-123');
  });
});

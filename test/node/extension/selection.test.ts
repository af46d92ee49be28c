/** extension/selection.ts: a selection's shape decides the filter. */
import { describe, expect, it } from 'vitest';
import { searchForSelection } from '../../../extension/selection.js';

describe('searchForSelection', () => {
  it.each([
    ['vikram.pawar@acme.example', 'email', { actor: 'vikram.pawar@acme.example' }],
    ['  mailto:Priya.Nair@Acme.Example ', 'email', { actor: 'priya.nair@acme.example' }],
    ['4bf92f3577b34da6a3ce929d0e0e4736', 'trace', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }],
    [
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'trace',
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    ],
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
      'trace',
      { traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793' },
    ],
    [
      '1-5759e988-bd862e3fe1be46a994272793',
      'trace',
      { traceId: '1-5759e988-bd862e3fe1be46a994272793' },
    ],
    [
      '3f2b8c1e-9d4a-4e7b-8c2f-1a2b3c4d5e6f',
      'trace',
      { traceId: '3f2b8c1e-9d4a-4e7b-8c2f-1a2b3c4d5e6f' },
    ],
    ['INC0012345', 'ticket', { q: 'INC0012345' }],
    ['RITM0010042', 'ticket', { q: 'RITM0010042' }],
    ['ITSD-4185', 'ticket', { q: 'ITSD-4185' }],
    ['#48213', 'ticket', { q: '48213' }],
    ['connection   reset\nby peer', 'text', { q: 'connection reset by peer' }],
  ])('%j is a %s', (text, kind, filters) => {
    expect(searchForSelection(text)).toEqual({ kind, filters });
  });

  it('ignores an empty selection and caps a long one', () => {
    expect(searchForSelection('   \n ')).toBeUndefined();
    expect(searchForSelection('x'.repeat(5000))?.filters.q).toHaveLength(200);
  });
});

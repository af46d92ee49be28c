/**
 * AG Grid Community on the bench's stress events: the peer `<alv-log-table>` is measured
 * against. Client-side row model, default row buffer; the same columns, cell text, row height
 * and viewport as the log table, driven through `window.alvTable`.
 */
import {
  AllCommunityModule,
  createGrid,
  ModuleRegistry,
  type ColDef,
  type GridApi,
} from 'ag-grid-community';
import {
  browserTimeZone,
  formatAbsolute,
  shortTraceId,
  statusView,
  urlParts,
} from '../../components/log-table/format.js';
import { actorLabel } from '../../core/format.js';
import { formatDuration } from '../../core/format.js';
import type { AuditEvent } from '../../core/model.js';
import { afterPaint, makeEvents, passesFilter, scrollThrough, until } from './events.js';
import type { TableBench } from './protocol.js';

ModuleRegistry.registerModules([AllCommunityModule]);

const stage = document.querySelector<HTMLElement>('#stage')!;
const zone = browserTimeZone();

const text = (fn: (e: AuditEvent) => string): Pick<ColDef<AuditEvent>, 'valueGetter'> => ({
  valueGetter: (p) => (p.data ? fn(p.data) : ''),
});

const COLUMNS: ColDef<AuditEvent>[] = [
  {
    colId: 'time',
    headerName: 'Time',
    width: 182,
    ...text((e) => {
      const { date, time } = formatAbsolute(e.timestamp, zone);
      return `${date} ${time}`;
    }),
  },
  { colId: 'actor', headerName: 'Actor', flex: 10, ...text((e) => actorLabel(e.actor)) },
  {
    colId: 'plugin',
    headerName: 'Plugin',
    flex: 8,
    ...text((e) => `${e.plugin ?? ''} ${e.action}`),
  },
  { colId: 'action', headerName: 'Action', flex: 9, ...text((e) => e.action) },
  { colId: 'method', headerName: 'Method', width: 77, ...text((e) => e.http?.method ?? '') },
  {
    colId: 'url',
    headerName: 'URL',
    flex: 36,
    ...text((e) => {
      const u = urlParts(e);
      return `${u.path} ${u.host}`;
    }),
  },
  {
    colId: 'status',
    headerName: 'Status',
    width: 105,
    ...text((e) => {
      const s = statusView(e);
      return `${s.glyph} ${s.text}`;
    }),
  },
  {
    colId: 'duration',
    headerName: 'Duration',
    width: 91,
    ...text((e) => formatDuration(e.http?.durationMs)),
  },
  {
    colId: 'trace',
    headerName: 'Trace',
    width: 105,
    ...text((e) => (e.traceId ? shortTraceId(e.traceId) : '')),
  },
];

let api: GridApi<AuditEvent> | undefined;
let root: HTMLElement | undefined;
let filtering = false;

const renderedRows = () => root?.querySelectorAll('.ag-row').length ?? 0;
const firstActor = () =>
  root?.querySelector('.ag-row[row-index="0"] [col-id="actor"]')?.textContent?.trim() ?? '';

/** The grid's vertical scroller (AG Grid's class names change across versions): the tallest. */
function scroller(): HTMLElement {
  const scrollers = [...(root?.querySelectorAll<HTMLElement>('*') ?? [])].filter(
    (el) =>
      el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(el).overflowY),
  );
  const found = scrollers.sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
  if (!found) throw new Error('no vertical scroller in the grid');
  return found;
}

const bench: TableBench = {
  async mount(count) {
    stage.replaceChildren();
    root = document.createElement('div');
    root.style.height = '100%';
    stage.append(root);
    api = createGrid(root, {
      columnDefs: COLUMNS,
      rowData: [],
      rowHeight: 32,
      headerHeight: 32,
      isExternalFilterPresent: () => filtering,
      doesExternalFilterPass: (node) => (node.data ? passesFilter(node.data) : false),
    });
    await afterPaint();

    const g = performance.now();
    const events = makeEvents(count);
    const generateMs = performance.now() - g;

    const t0 = performance.now();
    api.setGridOption('rowData', events);
    await until(() => renderedRows() > 0);
    await afterPaint();
    return { generateMs, renderMs: performance.now() - t0 };
  },

  domNodes: () => root?.querySelectorAll('*').length ?? 0,

  scroll: (steps) => scrollThrough(scroller(), steps),

  async filter() {
    const t0 = performance.now();
    filtering = true;
    api!.onFilterChanged();
    await until(() => /^user[78]@/.test(firstActor()));
    await afterPaint();
    return { ms: performance.now() - t0, rows: api!.getDisplayedRowCount() };
  },
};

window.alvTable = bench;

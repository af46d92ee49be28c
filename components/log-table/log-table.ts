import { define } from '../internal/alv-element.js';
import { AlvLogTable } from './log-table.component.js';

export { AlvLogTable };

define('alv-log-table', AlvLogTable);

declare global {
  interface HTMLElementTagNameMap {
    'alv-log-table': AlvLogTable;
  }
}

import { define } from '../internal/alv-element.js';
import { AlvJsonTree } from './json-tree.component.js';

export { AlvJsonTree };
export { CHUNK_SIZE, REDACTED_TEXT, STRING_LIMIT } from './json-tree.component.js';

define('alv-json-tree', AlvJsonTree);

declare global {
  interface HTMLElementTagNameMap {
    'alv-json-tree': AlvJsonTree;
  }
}

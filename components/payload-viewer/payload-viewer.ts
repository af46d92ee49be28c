import { define } from '../internal/alv-element.js';
import '../json-tree/json-tree.js';
import { AlvPayloadViewer } from './payload-viewer.component.js';

export { AlvPayloadViewer };
export { PAYLOAD_TABS, deltaRows } from './payload-viewer.component.js';
export type { DeltaRow, PayloadTab } from './payload-viewer.component.js';

define('alv-payload-viewer', AlvPayloadViewer);

declare global {
  interface HTMLElementTagNameMap {
    'alv-payload-viewer': AlvPayloadViewer;
  }
}

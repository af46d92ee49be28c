import { define } from '../internal/alv-element.js';
import '../json-tree/json-tree.js';
import { AlvPayloadViewer } from './payload-viewer.component.js';

export { AlvPayloadViewer };
export { PAYLOAD_TABS } from './payload-viewer.component.js';
export type { PayloadTab } from './payload-viewer.component.js';
export { deltaRows, type DeltaRow } from '../../core/format.js';

define('alv-payload-viewer', AlvPayloadViewer);

declare global {
  interface HTMLElementTagNameMap {
    'alv-payload-viewer': AlvPayloadViewer;
  }
}

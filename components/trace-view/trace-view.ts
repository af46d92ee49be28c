import { define } from '../internal/alv-element.js';
import { AlvTraceView } from './trace-view.component.js';

export { AlvTraceView };

define('alv-trace-view', AlvTraceView);

declare global {
  interface HTMLElementTagNameMap {
    'alv-trace-view': AlvTraceView;
  }
}

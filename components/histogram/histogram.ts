import { define } from '../internal/alv-element.js';
import { AlvHistogram } from './histogram.component.js';

export { AlvHistogram };

define('alv-histogram', AlvHistogram);

declare global {
  interface HTMLElementTagNameMap {
    'alv-histogram': AlvHistogram;
  }
}

import { define } from '../internal/alv-element.js';
import { AlvFilterBar } from './filter-bar.component.js';

export { AlvFilterBar };
export type { SuggestFunction } from './filter-bar.component.js';

define('alv-filter-bar', AlvFilterBar);

declare global {
  interface HTMLElementTagNameMap {
    'alv-filter-bar': AlvFilterBar;
  }
}

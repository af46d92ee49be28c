import { define } from '../internal/alv-element.js';
import { AlvFacetPanel } from './facet-panel.component.js';

export { AlvFacetPanel };

define('alv-facet-panel', AlvFacetPanel);

declare global {
  interface HTMLElementTagNameMap {
    'alv-facet-panel': AlvFacetPanel;
  }
}

import { define } from '../internal/alv-element.js';
import { AlvSavedViews } from './saved-views.component.js';

export { AlvSavedViews };

define('alv-saved-views', AlvSavedViews);

declare global {
  interface HTMLElementTagNameMap {
    'alv-saved-views': AlvSavedViews;
  }
}

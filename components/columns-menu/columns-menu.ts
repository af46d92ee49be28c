import { define } from '../internal/alv-element.js';
import { AlvColumnsMenu } from './columns-menu.component.js';

export { AlvColumnsMenu };

define('alv-columns-menu', AlvColumnsMenu);

declare global {
  interface HTMLElementTagNameMap {
    'alv-columns-menu': AlvColumnsMenu;
  }
}

import { define } from '../internal/alv-element.js';
import { AlvShareMenu } from './share-menu.component.js';

export { AlvShareMenu };

define('alv-share-menu', AlvShareMenu);

declare global {
  interface HTMLElementTagNameMap {
    'alv-share-menu': AlvShareMenu;
  }
}

import { define } from '../internal/alv-element.js';
import { AlvExportDialog } from './export-dialog.component.js';

export { AlvExportDialog };

define('alv-export-dialog', AlvExportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'alv-export-dialog': AlvExportDialog;
  }
}

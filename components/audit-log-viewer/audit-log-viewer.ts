import { define } from '../internal/alv-element.js';
import { AuditLogViewer } from './audit-log-viewer.component.js';

export { AuditLogViewer };
define('audit-log-viewer', AuditLogViewer);

declare global {
  interface HTMLElementTagNameMap {
    'audit-log-viewer': AuditLogViewer;
  }
}

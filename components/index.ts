/** The package entry: registers every element and exports their classes and the core types. */
export { AuditLogViewer } from './audit-log-viewer/audit-log-viewer.component.js';
export { describeError } from './audit-log-viewer/describe-error.js';
import './audit-log-viewer/audit-log-viewer.js';
export type { AlvEventMap } from './events.js';
export type { ColumnId } from '../core/view-state.js';
export type { AuditEvent, ViewState, Filters } from '../core/model.js';
export type { CredentialsProvider } from '../core/client.js';
export type { Source, Capabilities, SearchResult } from '../core/sources/types.js';
export { loadSource } from '../core/sources/load.js';
export { SOURCE_NAMES, type SourceName } from '../core/sources/names.js';

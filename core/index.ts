/**
 * `audit-log-viewer/core`: the viewer's state and data layer without any element or DOM:
 * the model, the adapters, the session, share links, filters, masking, export and the page
 * cache. Usable in Node, a worker or any UI framework.
 */
export * from './model.js';
export * as schema from './schema.js';
export {
  createSource,
  createGenericSource,
  createKoreSource,
  createMappedSource,
  createNectedSource,
  createOrgAuditSource,
  loadSource,
  isSourceName,
  SOURCE_NAMES,
  validateMapping,
  MappingError,
  type Capabilities,
  type FacetField,
  type FacetValue,
  type FilterPlan,
  type Histogram,
  type HistogramBucket,
  type RejectedRecord,
  type SearchOptions,
  type SearchResult,
  type Source,
  type SourceConfig,
  type SourceName,
  type StreamOptions,
} from './sources/index.js';
export type { AuthScheme, CredentialsProvider, RetryPolicy } from './client.js';
export * from './errors.js';
export {
  Session,
  type DetailState,
  type LoadedList,
  type LoadStatus,
  type LocateState,
  type SessionOptions,
} from './session.js';
export {
  ALL_COLUMNS,
  canonicalFilters,
  canonicalView,
  ENTRY_TABS,
  entryFragment,
  hasFilters,
  isColumnId,
  pinTime,
  sameFilters,
  sameView,
  viewKey,
  viewToFragment,
  type ColumnId,
  type EntryTab,
  type LinkOptions,
} from './view-state.js';
export { viewFromFragment, type ParsedLink } from './view-link.js';
export { compareEvents, matchesFilters, searchText, timeBounds } from './filter.js';
export { formatQuery, parseQuery, QUALIFIERS, type QueryParse } from './query-language.js';
export { matchesStatus, parseStatusFilter, statusClass } from './status.js';
export { maskEvent, maskText, maskValue, findSensitive, peopleOf } from './redaction.js';
export { derivePartition } from './partition.js';
export {
  csvCell,
  exportFileName,
  exportView,
  ExportError,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
} from './export.js';
export { ticketMarkdown, type TicketOptions } from './ticket.js';
export { SavedViews, parseSavedViews, savedViewsFile, type SavedView } from './saved-views.js';
export * from './cache/index.js';

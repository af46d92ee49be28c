/**
 * The adapters by name, loaded together (Node, the extension's options page, tests). The viewer
 * uses `loadSource` (`./load.ts`), which loads only the adapter asked for.
 */
import { createGenericSource } from './generic.js';
import { createKoreSource } from './kore.js';
import { createMappedSource } from './mapped.js';
import { createNectedSource } from './nected.js';
import { createOrgAuditSource } from './org-audit.js';
import { isSourceName, unknownSourceMessage, type SourceName } from './names.js';
import type { Source, SourceConfig } from './types.js';

export type {
  Capabilities,
  FilterPlan,
  RejectedRecord,
  Translation,
  FacetField,
  FacetValue,
  Histogram,
  HistogramBucket,
  Pagination,
  SearchOptions,
  SearchResult,
  Source,
  SourceConfig,
  StreamOptions,
} from './types.js';
export { createGenericSource, genericCapabilities, type GenericSource } from './generic.js';
export { createOrgAuditSource, mapOrgAuditItem, orgAuditCapabilities } from './org-audit.js';
export { createKoreSource, createNectedSource };
export {
  createMappedSource,
  Mapping,
  MappingError,
  validateMapping,
  type FieldSpec,
  type MappedField,
} from './mapped.js';

export { SOURCE_NAMES, isSourceName, type SourceName } from './names.js';
export { loadSource } from './load.js';

const FACTORIES: Record<SourceName, (config: SourceConfig) => Source> = {
  generic: createGenericSource,
  nected: createNectedSource,
  kore: createKoreSource,
  'org-audit': createOrgAuditSource,
  mapped: createMappedSource,
};

/** The adapter called `name`; throws naming the valid names for anything else. */
export function createSource(name: string, config: SourceConfig): Source {
  if (!isSourceName(name)) throw new Error(unknownSourceMessage(name));
  return FACTORIES[name](config);
}

/** The adapters by name. */
import { createGenericSource } from './generic.js';
import { createKoreSource } from './kore.js';
import { createMappedSource } from './mapped.js';
import { createNectedSource } from './nected.js';
import { createOrgAuditSource } from './org-audit.js';
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

export const SOURCE_NAMES = ['generic', 'nected', 'kore', 'org-audit', 'mapped'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

const FACTORIES: Record<SourceName, (config: SourceConfig) => Source> = {
  generic: createGenericSource,
  nected: createNectedSource,
  kore: createKoreSource,
  'org-audit': createOrgAuditSource,
  mapped: createMappedSource,
};

export const isSourceName = (name: string): name is SourceName =>
  (SOURCE_NAMES as readonly string[]).includes(name);

/** The adapter called `name`; throws naming the valid names for anything else. */
export function createSource(name: string, config: SourceConfig): Source {
  if (!isSourceName(name))
    throw new Error(
      `Unknown audit source ${JSON.stringify(name)}: expected one of ${SOURCE_NAMES.join(', ')}`,
    );
  return FACTORIES[name](config);
}

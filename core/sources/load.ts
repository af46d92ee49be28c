/**
 * The adapters by name, each loaded on first use: a page that speaks to one backend downloads
 * that adapter (and zod, which only the adapters use), never the other four. A host's own
 * `Source` needs none of them.
 */
import { isSourceName, unknownSourceMessage, type SourceName } from './names.js';
import type { Source, SourceConfig } from './types.js';

type Factory = (config: SourceConfig) => Source;

const LOADERS: Record<SourceName, () => Promise<Factory>> = {
  generic: () => import('./generic.js').then((m) => m.createGenericSource),
  nected: () => import('./nected.js').then((m) => m.createNectedSource),
  kore: () => import('./kore.js').then((m) => m.createKoreSource),
  'org-audit': () => import('./org-audit.js').then((m) => m.createOrgAuditSource),
  mapped: () => import('./mapped.js').then((m) => m.createMappedSource),
};

/**
 * The adapter called `name`, created with `config` once its module has loaded. Rejects naming
 * the valid names for anything else, and with the adapter's own error for a bad config.
 */
export async function loadSource(name: string, config: SourceConfig): Promise<Source> {
  if (!isSourceName(name)) throw new Error(unknownSourceMessage(name));
  const create = await LOADERS[name]();
  return create(config);
}

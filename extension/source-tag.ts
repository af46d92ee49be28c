/**
 * How a share link made in the extension names its source: `?source=` and a digest of the
 * source's API and address (never its key or its name). Everyone who added that service gets
 * the same tag, so a colleague's link opens on their own source for it; the tag says nothing
 * readable about the address.
 */
import { digest, endpointWhere } from '../core/partition.js';
import type { ExtensionSource } from './sources.js';

/** The query parameter a link names its source by. */
export const SOURCE_PARAM = 'source';

/** The tag of `source`: 12 hex digits of SHA-256 over its API and address (no trailing `/`). */
export async function sourceTag(
  source: Pick<ExtensionSource, 'adapter' | 'endpoint'>,
): Promise<string> {
  return (await digest(`${source.adapter} ${endpointWhere(source.endpoint)}`)).slice(0, 12);
}

/** `page` (an extension page's address) naming the source tagged `tag`. */
export function linkTo(page: string, tag: string): string {
  const url = new URL(page);
  url.searchParams.set(SOURCE_PARAM, tag);
  return url.href.replace(/#.*$/, '');
}

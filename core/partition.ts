/**
 * The partition key of a source and principal: which cached pages and saved views belong
 * together. It is derived from the adapter, the endpoint and the credential's identity (a
 * digest), so it never contains the secret itself and differs for every principal.
 */
import type { CredentialsProvider } from './client.js';

const hex = (buf: ArrayBuffer): string =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of `text` (UTF-8), in hex. */
export async function digest(text: string): Promise<string> {
  const data = new TextEncoder().encode(text);
  return hex(await crypto.subtle.digest('SHA-256', data));
}

/** An endpoint as a partition names it: origin and path, no trailing `/` (as given if no URL). */
export function endpointWhere(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return u.origin + u.pathname.replace(/\/+$/, '');
  } catch {
    // Not a URL: the digest still keeps partitions apart.
    return endpoint;
  }
}

/** The credential as one stable string: a key, or its headers in sorted order. */
function identity(credential: string | { headers: Record<string, string> }): string {
  if (typeof credential === 'string') return credential;
  return Object.entries(credential.headers)
    .map(([k, v]) => `${k.toLowerCase()}:${v}`)
    .sort()
    .join('\n');
}

/**
 * `adapter@origin/path#<digest>`: readable enough to debug a cache, with the principal only as
 * 16 hex digits of a SHA-256 over the adapter, endpoint and credential.
 */
export async function derivePartition(
  adapter: string,
  endpoint: string,
  credentials: CredentialsProvider | undefined,
): Promise<string> {
  const credential = credentials ? await credentials({ refresh: false }) : '';
  const who = await digest(`${adapter}\n${endpoint}\n${identity(credential)}`);
  return `${adapter}@${endpointWhere(endpoint)}#${who.slice(0, 16)}`;
}

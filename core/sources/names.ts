/** The adapters' names, without loading any adapter. */
export const SOURCE_NAMES = ['generic', 'nected', 'kore', 'org-audit', 'mapped'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export const isSourceName = (name: string): name is SourceName =>
  (SOURCE_NAMES as readonly string[]).includes(name);

/** The message for a name that is not an adapter's, naming the valid ones. */
export const unknownSourceMessage = (name: string): string =>
  `Unknown audit source ${JSON.stringify(name)}: expected one of ${SOURCE_NAMES.join(', ')}`;

/**
 * The one formatter for validation errors, used wherever an outside input is parsed (server sockets and HTTP, IPC,
 * imported files, settings, the browser's stored data): `path: message` for the first few issues, paths written like
 * code (`features[3].geometry`), and a count of the rest, so a message names what is wrong without flooding a toast.
 * Takes zod's error shape structurally: shared/ needs no zod import for it.
 */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface FormatOptions {
  /** Most issues listed (default 3); the rest are counted. */
  max?: number;
  /** What an issue of the whole input is called ("request", "settings"); '' prints its message alone. */
  root?: string;
}

/** `features[3].geometry.coordinates`, or `root` for the input as a whole. */
export function formatPath(path: readonly PropertyKey[], root = '(top level)'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || root;
}

export function formatZodError(error: { readonly issues: readonly IssueLike[] }, options: FormatOptions = {}): string {
  const { max = 3, root = '(top level)' } = options;
  if (error.issues.length === 0) return 'invalid';
  const lines = error.issues.slice(0, max).map((issue) => {
    const where = formatPath(issue.path, root);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - max;
  if (more > 0) lines.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('; ');
}

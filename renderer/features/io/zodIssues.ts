import type { z } from 'zod';

/** Formats a zod issue path as `features[3].geometry.coordinates`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

/** Summarises zod issues as one readable line each, with paths, at most `max` of them. */
export function summariseIssues(error: z.ZodError, max = 8): string {
  const lines = error.issues.slice(0, max).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - max;
  if (more > 0) lines.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('; ');
}

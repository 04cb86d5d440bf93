/** Identifiers are random UUIDs so that operations can be merged, exported and re-imported without clashes. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

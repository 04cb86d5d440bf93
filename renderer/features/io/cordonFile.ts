/**
 * The .cordon operation file: a zip holding `manifest.json` (what, which schema version, by which app, counts and the
 * SHA-256 of operation.json) and `operation.json` (the OperationBundle). Reading checks every layer: zip, manifest,
 * schema version, hash, zod schema, counts and cross-references, and returns the whole bundle or one clear error.
 */
import { unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import { FORBIDDEN_MARKINGS, IsoTime, MARKING_REFUSED, OperationBundle, PROTECTIVE_MARKINGS } from '../../../shared/domain';
import { err, ok, type Result } from '../../../shared/util/result';
import { bundleProblems } from './bundleIntegrity';
import { MAX_CORDON_ENTRY_BYTES, MAX_CORDON_FILE_BYTES, formatBytes } from './limits';
import { sha256Hex } from './sha256';
import { errorMessage, looksLikeZip } from './text';
import { formatZodError } from '../../../shared/util/zodError';

export const CORDON_FILE_FORMAT = 'cordon-operation';
/** The schema version this app writes, and the newest it reads. */
export const CORDON_FILE_SCHEMA_VERSION = 1;
export const CORDON_FILE_EXTENSION = 'cordon';
const MANIFEST = 'manifest.json';
const OPERATION = 'operation.json';
const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Zip entry times are fixed so identical operations give identical files. */
const FIXED_ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

const Count = z.number().int().min(0);
export const CordonManifest = z.object({
  format: z.literal(CORDON_FILE_FORMAT),
  schemaVersion: z.literal(CORDON_FILE_SCHEMA_VERSION),
  appVersion: z.string().max(100),
  exportedAt: IsoTime,
  operation: z.object({ id: z.string().max(100), name: z.string().max(200), marking: z.enum(PROTECTIVE_MARKINGS) }),
  counts: z.object({ phases: Count, features: Count, units: Count, assignments: Count }),
  /** SHA-256 of the operation.json bytes, lower-case hex. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type CordonManifest = z.infer<typeof CordonManifest>;

export interface WriteCordonOptions {
  /** The writing app's version, recorded in the manifest. */
  appVersion?: string;
  /** Export time (default now): the only thing that differs between two exports of the same operation. */
  exportedAt?: Date;
}

/**
 * Writes a .cordon file. The bundle is validated first: a file this app could not read back is never written, so an
 * invalid bundle throws (a programming error, not a user one). Output is byte-identical for identical input and
 * options.
 */
export function writeCordonFile(bundle: OperationBundle, options: WriteCordonOptions = {}): Uint8Array {
  const parsed = OperationBundle.safeParse(bundle);
  if (!parsed.success) throw new Error(`Cannot write a .cordon file: the operation is invalid: ${formatZodError(parsed.error, { max: 8 })}`);
  const b = parsed.data; // zod output has keys in schema order: stable JSON
  const operationJson = new TextEncoder().encode(JSON.stringify(b));
  const manifest: CordonManifest = {
    format: CORDON_FILE_FORMAT,
    schemaVersion: CORDON_FILE_SCHEMA_VERSION,
    appVersion: options.appVersion ?? 'unknown',
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    operation: { id: b.operation.id, name: b.operation.name, marking: b.operation.marking },
    counts: { phases: b.phases.length, features: b.features.length, units: b.units.length, assignments: b.assignments.length },
    sha256: sha256Hex(operationJson),
  };
  const manifestJson = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  return zipSync({ [MANIFEST]: manifestJson, [OPERATION]: operationJson }, { level: 6, mtime: FIXED_ZIP_TIME });
}

/** Reads a .cordon file into a complete, validated bundle, or says exactly why not. */
export function readCordonFile(bytes: Uint8Array, fileName = 'The operation file'): Result<OperationBundle> {
  const r = readCordonFileWithManifest(bytes, fileName);
  return r.ok ? ok(r.value.bundle) : r;
}

export function readCordonFileWithManifest(bytes: Uint8Array, fileName = 'The operation file'): Result<{ manifest: CordonManifest; bundle: OperationBundle }> {
  const fail = (m: string) => err<{ manifest: CordonManifest; bundle: OperationBundle }>(`${fileName}: ${m}`);
  if (bytes.byteLength === 0) return fail('the file is empty');
  if (bytes.byteLength > MAX_CORDON_FILE_BYTES) {
    return fail(`the file is ${formatBytes(bytes.byteLength)}; the limit for an operation file is ${formatBytes(MAX_CORDON_FILE_BYTES)}`);
  }
  if (!looksLikeZip(bytes)) return fail('this is not a Cordon operation file (a .cordon file is a zip archive, and this is not one)');

  const sizes = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        sizes.set(f.name, f.originalSize);
        return false;
      },
    });
  } catch (e) {
    return fail(`the file is damaged: its zip archive cannot be read (${errorMessage(e)})`);
  }
  if (!sizes.has(MANIFEST)) {
    const hint = [...sizes.keys()].some((n) => /\.kml$/i.test(n)) ? ' It looks like a KMZ: import it as a map layer instead.' : '';
    return fail(`this is not a Cordon operation file: it has no ${MANIFEST}.${hint}`);
  }
  if ((sizes.get(MANIFEST) ?? 0) > MAX_MANIFEST_BYTES) return fail(`its ${MANIFEST} is implausibly large (${formatBytes(sizes.get(MANIFEST) ?? 0)})`);
  const opSize = sizes.get(OPERATION);
  if (opSize !== undefined && opSize > MAX_CORDON_ENTRY_BYTES) {
    return fail(`its ${OPERATION} is ${formatBytes(opSize)} uncompressed; the limit is ${formatBytes(MAX_CORDON_ENTRY_BYTES)}`);
  }

  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => f.name === MANIFEST || f.name === OPERATION });
  } catch (e) {
    return fail(`the file is damaged: it cannot be unpacked (${errorMessage(e)})`);
  }

  const manifestBytes = entries[MANIFEST];
  if (!manifestBytes) return fail(`this is not a Cordon operation file: it has no ${MANIFEST}`);
  const manifestText = utf8(manifestBytes);
  if (manifestText === undefined) return fail(`its ${MANIFEST} is not UTF-8 text`);
  let rawManifest: unknown;
  try {
    rawManifest = JSON.parse(manifestText);
  } catch (e) {
    return fail(`its ${MANIFEST} is not valid JSON (${errorMessage(e)})`);
  }
  const versionProblem = checkFormatAndVersion(rawManifest);
  if (versionProblem) return fail(versionProblem);
  const manifestMarking = refusedMarking(rawManifest);
  if (manifestMarking) return fail(`it is marked ${manifestMarking}. ${MARKING_REFUSED}`);
  const manifest = CordonManifest.safeParse(rawManifest);
  if (!manifest.success) return fail(`its ${MANIFEST} is invalid: ${formatZodError(manifest.error, { max: 8 })}`);

  const opBytes = entries[OPERATION];
  if (!opBytes) return fail(`it has no ${OPERATION}`);
  if (manifest.data.sha256 && sha256Hex(opBytes) !== manifest.data.sha256) {
    return fail(`its ${OPERATION} does not match the checksum in ${MANIFEST}: the file is damaged or was edited`);
  }
  const opText = utf8(opBytes);
  if (opText === undefined) return fail(`its ${OPERATION} is not UTF-8 text`);
  let rawBundle: unknown;
  try {
    rawBundle = JSON.parse(opText);
  } catch (e) {
    return fail(`its ${OPERATION} is not valid JSON (${errorMessage(e)})`);
  }
  const opMarking = refusedMarking(rawBundle);
  if (opMarking) return fail(`it is marked ${opMarking}. ${MARKING_REFUSED}`);
  const bundle = OperationBundle.safeParse(rawBundle);
  if (!bundle.success) return fail(`its operation data is invalid: ${formatZodError(bundle.error, { max: 8 })}`);

  const b = bundle.data;
  const counts = manifest.data.counts;
  for (const key of ['phases', 'features', 'units', 'assignments'] as const) {
    if (counts[key] !== b[key].length) {
      return fail(`${MANIFEST} lists ${counts[key]} ${key} but ${OPERATION} holds ${b[key].length}: the file is incomplete or was edited`);
    }
  }
  const problems = bundleProblems(b);
  if (problems.length) return fail(`its operation data is inconsistent: ${problems.join('; ')}`);
  return ok({ manifest: manifest.data, bundle: b });
}

/** Format and version come first, so a newer file is told apart from a broken one whatever else its manifest holds. */
function checkFormatAndVersion(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return `its ${MANIFEST} is not a JSON object`;
  const { format, schemaVersion } = m as { format?: unknown; schemaVersion?: unknown };
  if (format !== CORDON_FILE_FORMAT) {
    return `this is not a Cordon operation file: its ${MANIFEST} says format ${JSON.stringify(format)?.slice(0, 60) ?? 'missing'}, expected "${CORDON_FILE_FORMAT}"`;
  }
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    return `its schema version ${JSON.stringify(schemaVersion)?.slice(0, 30) ?? '(missing)'} is not one Cordon knows; this version of Cordon reads schema version ${CORDON_FILE_SCHEMA_VERSION}`;
  }
  if (schemaVersion > CORDON_FILE_SCHEMA_VERSION) {
    const app = (m as { appVersion?: unknown }).appVersion;
    const by = typeof app === 'string' ? ` by Cordon ${app.slice(0, 30)}` : '';
    return `it was written${by} with schema version ${schemaVersion}, newer than this version of Cordon supports (schema version ${CORDON_FILE_SCHEMA_VERSION}); update Cordon to open it`;
  }
  return undefined;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/**
 * SECRET or TOP SECRET, when the manifest or operation.json (`{ operation: { marking } }`) says so: such a file is
 * refused first, in those words, rather than as one more schema problem the user has to decode.
 */
function refusedMarking(raw: unknown): string | null {
  const op = typeof raw === 'object' && raw !== null ? (raw as { operation?: unknown }).operation : undefined;
  const marking = typeof op === 'object' && op !== null ? (op as { marking?: unknown }).marking : undefined;
  const m =
    typeof marking === 'string'
      ? marking
          .trim()
          .toUpperCase()
          .replace(/[-_\s]+/g, ' ')
      : '';
  return (FORBIDDEN_MARKINGS as readonly string[]).includes(m) ? m : null;
}

/**
 * Nominal roll import: a CSV of units (call sign, type, strength by rank, home force, talkgroup, shift times, notes)
 * as exported from a duty system or typed in a spreadsheet. Every row is checked on its own, so the UI can show a
 * preview with per-row errors and import the valid units in one go.
 */
import Papa from 'papaparse';
import { UNIT_TYPES, Unit, newId, type UnitType } from '../../../shared/domain';
import { err, ok, type Result } from '../../../shared/util/result';
import { MAX_ROLL_BYTES, MAX_ROLL_ROWS, formatBytes, formatCount } from './limits';
import { decodeText } from './text';
import { formatPath } from '../../../shared/util/zodError';
import { isIsoDate, isKnownTimeZone, zonedIso } from './zonedTime';

export type RollField =
  'callSign' | 'type' | 'inspectors' | 'sergeants' | 'constables' | 'staff' | 'homeForce' | 'talkgroup' | 'shiftStart' | 'shiftEnd' | 'notes';

/** Column names as users write them, normalised (lower case, letters and digits only). */
const HEADER_ALIASES: Record<RollField, string[]> = {
  callSign: ['callsign', 'call', 'unitcallsign', 'callsigns'],
  type: ['type', 'unittype', 'unitkind', 'kind', 'resourcetype'],
  inspectors: ['inspectors', 'inspector', 'insp', 'insps', 'inspr'],
  sergeants: ['sergeants', 'sergeant', 'ps', 'pss', 'sgt', 'sgts'],
  constables: ['constables', 'constable', 'pc', 'pcs'],
  staff: ['staff', 'policestaff', 'civilianstaff'],
  homeForce: ['homeforce', 'force'],
  talkgroup: ['talkgroup', 'talkgroups', 'tg', 'radiotalkgroup', 'channel'],
  shiftStart: ['shiftstart', 'start', 'starttime', 'onduty', 'bookon'],
  shiftEnd: ['shiftend', 'end', 'endtime', 'offduty', 'bookoff'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
};

export const ROLL_FIELD_LABELS: Record<RollField, string> = {
  callSign: 'call sign',
  type: 'type',
  inspectors: 'inspectors',
  sergeants: 'sergeants',
  constables: 'constables',
  staff: 'staff',
  homeForce: 'home force',
  talkgroup: 'talkgroup',
  shiftStart: 'shift start',
  shiftEnd: 'shift end',
  notes: 'notes',
};

/** Words for unit types beyond the codes and labels of UNIT_TYPES. */
const TYPE_ALIASES: Record<string, UnitType> = {
  'police support unit': 'psu',
  tsg: 'tsg',
  'territorial support group': 'tsg',
  horse: 'mounted',
  horses: 'mounted',
  'mounted branch': 'mounted',
  dog: 'dogs',
  'dog unit': 'dogs',
  'dog units': 'dogs',
  'police dogs': 'dogs',
  liaison: 'plt',
  'police liaison': 'plt',
  egt: 'evidence',
  'evidence gathering team': 'evidence',
  'evidence gatherer': 'evidence',
  search: 'polsa',
  'search team': 'polsa',
  polsa: 'polsa',
  'removal team': 'removal',
  medic: 'medics',
  'public order medics': 'medics',
  uav: 'drone',
  drones: 'drone',
  'roads policing': 'traffic',
  arv: 'armed',
  afo: 'armed',
  'armed response vehicle': 'armed',
};

export interface NominalRollOptions {
  operationId: string;
  /** The date `HH:MM` shift times fall on, YYYY-MM-DD (usually the operation's start date). */
  operationDate: string;
  /** Call signs already in the operation: a row repeating one is an error. */
  existingCallSigns?: Iterable<string>;
  /** IANA zone for `HH:MM` times (default Europe/London). */
  timeZone?: string;
}

export interface NominalRollRow {
  /** 1-based line in the file where the row starts. */
  line: number;
  callSign: string;
  cells: Partial<Record<RollField, string>>;
  unit?: Unit;
  errors: string[];
}

export interface NominalRollPreview {
  rows: NominalRollRow[];
  validUnits: Unit[];
  /** File-level notes, e.g. columns that were not recognised. */
  warnings: string[];
}

export function parseNominalRoll(input: string | Uint8Array, options: NominalRollOptions): Result<NominalRollPreview> {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_ROLL_BYTES) return err(`The nominal roll is ${formatBytes(size)}; the limit is ${formatBytes(MAX_ROLL_BYTES)}.`);
  if (!isIsoDate(options.operationDate)) return err(`The operation date "${options.operationDate}" is not a date (YYYY-MM-DD).`);
  const timeZone = options.timeZone ?? 'Europe/London';
  if (!isKnownTimeZone(timeZone)) return err(`The time zone "${timeZone}" is not known.`);

  const raw = typeof input === 'string' ? (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) : decodeText(input);
  const text = raw.replace(/\r\n?/g, '\n');
  const records = readRecords(text);
  if (records.length > MAX_ROLL_ROWS + 1) {
    return err(`The nominal roll has ${formatCount(records.length - 1)} rows; the limit is ${formatCount(MAX_ROLL_ROWS)}.`);
  }
  const header = records.shift();
  if (!header) return err('The nominal roll is empty: expected a header row such as "call sign, type, inspectors, sergeants, constables".');

  const columns = mapHeader(header.cells);
  if (!columns.ok) return columns;
  const { fieldAt, warnings } = columns.value;

  const rows: NominalRollRow[] = records.map((record) => readRow(record, fieldAt, header.cells.length, options, timeZone));

  // Duplicate call signs, within the file and against the operation.
  const key = (s: string) => s.trim().replace(/\s+/g, ' ').toUpperCase();
  const existing = new Set([...(options.existingCallSigns ?? [])].map(key));
  const linesBySign = new Map<string, number[]>();
  for (const row of rows) {
    if (!row.callSign) continue;
    const k = key(row.callSign);
    linesBySign.set(k, [...(linesBySign.get(k) ?? []), row.line]);
  }
  for (const row of rows) {
    if (!row.callSign) continue;
    const k = key(row.callSign);
    if (existing.has(k)) row.errors.push(`call sign "${row.callSign}" is already used in this operation`);
    const lines = linesBySign.get(k) ?? [];
    if (lines.length > 1) row.errors.push(`call sign "${row.callSign}" appears more than once (lines ${lines.join(', ')})`);
  }
  for (const row of rows) if (row.errors.length) delete row.unit;

  const validUnits = rows.flatMap((r) => (r.unit ? [r.unit] : []));
  return ok({ rows, validUnits, warnings });
}

interface CsvRecord {
  line: number;
  cells: string[];
  problems: string[];
}

/** Splits the CSV into records, with the line each starts on; blank lines are dropped. */
function readRecords(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    newline: '\n',
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: false,
    step: (result) => {
      const cells = result.data.map((c) => (typeof c === 'string' ? c : ''));
      const problems = result.errors.filter((e) => e.code !== 'UndetectableDelimiter').map((e) => csvProblem(e.code, e.message));
      if (cells.some((c) => c.trim() !== '') || problems.length) out.push({ line, cells, problems });
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return out;
}

function csvProblem(code: string, message: string): string {
  if (code === 'MissingQuotes') return 'a quotation mark is not closed (everything after it was read as one cell)';
  if (code === 'InvalidQuotes') return 'a cell has a stray quotation mark';
  return message;
}

function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function mapHeader(header: string[]): Result<{ fieldAt: Array<RollField | undefined>; warnings: string[] }> {
  const lookup = new Map<string, RollField>();
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as Array<[RollField, string[]]>) for (const a of aliases) lookup.set(a, field);
  const warnings: string[] = [];
  const seen = new Map<RollField, string>();
  const fieldAt = header.map((h): RollField | undefined => {
    const field = lookup.get(normaliseHeader(h));
    if (!field) {
      if (h.trim()) warnings.push(`The column "${h.trim().slice(0, 40)}" is not one Cordon knows; it was ignored.`);
      return undefined;
    }
    const before = seen.get(field);
    if (before !== undefined) {
      warnings.push(`The columns "${before}" and "${h.trim()}" both mean ${ROLL_FIELD_LABELS[field]}; only "${before}" was used.`);
      return undefined;
    }
    seen.set(field, h.trim());
    return field;
  });
  const missing = (['callSign', 'type'] as const).filter((f) => !seen.has(f));
  if (missing.length) {
    return err(
      `The nominal roll has no ${missing.map((f) => `"${ROLL_FIELD_LABELS[f]}"`).join(' or ')} column. ` +
        'Expected headers such as: call sign, type, inspectors, sergeants, constables, staff, home force, talkgroup, shift start, shift end, notes.',
    );
  }
  return ok({ fieldAt, warnings });
}

function readRow(record: CsvRecord, fieldAt: Array<RollField | undefined>, headerWidth: number, options: NominalRollOptions, timeZone: string): NominalRollRow {
  const errors = [...record.problems];
  const cells: Partial<Record<RollField, string>> = {};
  record.cells.forEach((value, i) => {
    const field = fieldAt[i];
    if (field) cells[field] = value.trim();
  });
  const extra = record.cells.slice(headerWidth).filter((c) => c.trim() !== '');
  if (extra.length) errors.push(`the row has ${record.cells.length} cells but the header has ${headerWidth}`);

  const callSign = cells.callSign ?? '';
  if (!callSign) errors.push('the call sign is missing');

  let type: UnitType | undefined;
  if (!cells.type) errors.push('the unit type is missing');
  else {
    type = resolveUnitType(cells.type);
    if (!type) {
      errors.push(
        `the unit type "${cells.type.slice(0, 40)}" is not recognised (use a code or name such as ${Object.values(UNIT_TYPES).slice(0, 6).join(', ')})`,
      );
    }
  }

  const count = (field: 'inspectors' | 'sergeants' | 'constables' | 'staff'): number => {
    const v = cells[field] ?? '';
    if (v === '') return 0;
    if (!/^\d+$/.test(v)) {
      errors.push(`${ROLL_FIELD_LABELS[field]} "${v.slice(0, 20)}" is not a whole number`);
      return 0;
    }
    return Number(v);
  };
  const strength = { inspectors: count('inspectors'), sergeants: count('sergeants'), constables: count('constables'), staff: count('staff') };

  const start = cells.shiftStart ? parseTime(cells.shiftStart, options.operationDate, timeZone) : undefined;
  const end = cells.shiftEnd ? parseTime(cells.shiftEnd, options.operationDate, timeZone) : undefined;
  if (start && 'error' in start) errors.push(`shift start: ${start.error}`);
  if (end && 'error' in end) errors.push(`shift end: ${end.error}`);
  const shiftStart = start && 'iso' in start ? start.iso : undefined;
  let shiftEnd = end && 'iso' in end ? end.iso : undefined;
  if (start && 'iso' in start && end && 'iso' in end && Date.parse(end.iso) <= Date.parse(start.iso)) {
    if (start.clockOnly && end.clockOnly)
      shiftEnd = end.nextDay(); // e.g. 22:00 to 06:00: a night shift
    else errors.push('the shift ends before it starts');
  }

  const row: NominalRollRow = { line: record.line, callSign, cells, errors };
  if (errors.length || !type) return row;

  const parsed = Unit.safeParse({
    id: newId(),
    operationId: options.operationId,
    callSign,
    type,
    strength,
    homeForce: cells.homeForce ?? '',
    talkgroup: cells.talkgroup ?? '',
    shiftStart,
    shiftEnd,
    notes: cells.notes ?? '',
  });
  if (parsed.success) row.unit = parsed.data;
  else row.errors.push(...parsed.error.issues.map((i) => `${fieldLabel(i.path)}: ${i.message}`));
  return row;
}

function fieldLabel(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  return typeof last === 'string' && last in ROLL_FIELD_LABELS ? ROLL_FIELD_LABELS[last as RollField] : formatPath(path);
}

function typeKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const TYPE_LOOKUP = (() => {
  const m = new Map<string, UnitType>();
  for (const [code, label] of Object.entries(UNIT_TYPES) as Array<[UnitType, string]>) {
    m.set(typeKey(code), code);
    m.set(typeKey(label), code);
  }
  for (const [alias, code] of Object.entries(TYPE_ALIASES)) m.set(typeKey(alias), code);
  return m;
})();

/** A unit type from its code ("psu"), label ("TSG serial"), a common alias ("ARV"), or a plural ("PSUs"). */
export function resolveUnitType(value: string): UnitType | undefined {
  const k = typeKey(value);
  return TYPE_LOOKUP.get(k) ?? (k.endsWith('s') ? TYPE_LOOKUP.get(k.slice(0, -1)) : undefined);
}

type ParsedTime = { iso: string; clockOnly: boolean; nextDay: () => string } | { error: string };

/**
 * Accepts ISO 8601 with an offset, ISO without one (local to the zone), UK `DD/MM/YYYY HH:MM`, or a clock time
 * `HH:MM`, `H:MM`, `HHMM`, `HH.MM` on the operation date.
 */
export function parseTime(value: string, date: string, timeZone: string): ParsedTime {
  const v = value.trim();
  const bad = (why: string): ParsedTime => ({ error: `"${v.slice(0, 40)}" ${why}` });
  const clock = /^(\d{1,2})[:.]?(\d{2})$/.exec(v);
  if (clock) {
    const [h, m] = [Number(clock[1]), Number(clock[2])];
    if (h > 23 || m > 59) return bad('is not a time of day (00:00 to 23:59)');
    return { iso: zonedIso(date, h, m, timeZone), clockOnly: true, nextDay: () => zonedIso(date, h, m, timeZone, 1) };
  }
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})$/.exec(v);
  let day: string,
    h: number,
    m: number,
    s = 0;
  let zone: string | undefined;
  let fraction = '';
  if (iso) {
    [day, h, m, s] = [iso[1] as string, Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0)];
    fraction = iso[5] ?? '';
    zone = iso[6];
  } else if (uk) {
    day = `${uk[3]}-${(uk[2] as string).padStart(2, '0')}-${(uk[1] as string).padStart(2, '0')}`;
    [h, m] = [Number(uk[4]), Number(uk[5])];
  } else {
    return bad('is not a time: use HH:MM (on the operation date) or a full date and time such as 2025-08-24T07:00');
  }
  if (!isIsoDate(day)) return bad('has an impossible date');
  if (h > 23 || m > 59 || s > 59) return bad('has an impossible time of day');
  let out: string;
  if (zone) {
    const z = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const pad = (n: number) => String(n).padStart(2, '0');
    out = `${day}T${pad(h)}:${pad(m)}:${pad(s)}${fraction}${z}`;
    if (Number.isNaN(Date.parse(out))) return bad('is not a valid date and time');
  } else {
    out = zonedIso(day, h, m, timeZone, 0, s);
  }
  return { iso: out, clockOnly: false, nextDay: () => out };
}

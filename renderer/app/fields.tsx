/**
 * Form fields that commit on blur or Enter rather than per keystroke, so one edit of a name is one undoable command
 * and one revision, not twenty.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Chromium's date-and-time input takes Tab for itself, stepping through day, month, year, hours and minutes, so a
 * keyboard user cannot Tab past it. Tab (Shift+Tab) here moves to the next (previous) control, as in every other
 * field; typing and the arrow keys still move between the parts of the date.
 */
export function tabOutOfDateTime(e: KeyboardEvent<HTMLInputElement>): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && el.offsetParent !== null);
  const next = all[all.indexOf(e.currentTarget) + (e.shiftKey ? -1 : 1)];
  if (!next) return; // leave the browser to take focus out of the page
  e.preventDefault();
  next.focus();
}

interface TextProps {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  type?: 'text' | 'number' | 'datetime-local' | 'color';
  placeholder?: string;
  testId?: string;
  min?: number;
  step?: number;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}

export function TextField({ label, value, onCommit, multiline, type = 'text', placeholder, testId, min, step, list }: TextProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  // A saved value arriving from the database must not overwrite what the user is typing right now.
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  const common = {
    id,
    value: draft,
    placeholder,
    'data-testid': testId,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onFocus: () => (focused.current = true),
    onBlur: () => {
      focused.current = false;
      commit();
    },
  };
  return (
    // A date-and-time field takes a whole line of a row: two side by side are clipped in a 360 px side panel.
    <div className={type === 'datetime-local' ? 'field field-datetime' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} />
      ) : (
        <input
          {...common}
          type={type}
          min={min}
          step={step}
          list={list}
          onKeyDown={(e) => {
            if (type === 'datetime-local') tabOutOfDateTime(e);
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      )}
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const optionsOf = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

/** ISO instant <-> the value of an <input type="datetime-local"> in the user's local time. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * The command palette (Ctrl/Cmd+K): every command enabled in the current workspace, searchable, run with Enter or a
 * click. This is how a planner finds every action without knowing the menus. Keyboard: type to filter, Up/Down to
 * move, Enter to run, Escape to close. ARIA combobox + listbox, so a screen reader announces the active command.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { plainLabel, shortcutText, type AppCommand } from '../../../shared/commands/appCommands';
import type { MenuCommand } from '../../../shared/ipc/contract';
import { MENU_TITLES, filterCommands } from './palette';

interface Props {
  commands: readonly AppCommand[];
  onRun: (command: MenuCommand) => void;
  onClose: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function CommandPalette({ commands, onRun, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const activeIndex = Math.min(active, Math.max(shown.length - 1, 0));

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus();
  }, []);
  // A block body on purpose: an effect must return nothing or a cleanup function.
  useEffect(() => {
    document.getElementById(`${listId}-${activeIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, activeIndex]);

  const run = (command: AppCommand | undefined) => {
    if (!command) return;
    onClose();
    onRun(command.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((activeIndex + 1) % Math.max(shown.length, 1));
    else if (e.key === 'ArrowUp') setActive((activeIndex - 1 + shown.length) % Math.max(shown.length, 1));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(shown.length - 1);
    else if (e.key === 'Enter') run(shown[activeIndex]);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="dialog-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-label="Search commands"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={shown.length ? `${listId}-${activeIndex}` : undefined}
          aria-autocomplete="list"
          placeholder="Type a command: export, undo, go to, about…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="palette-query"
        />
        <ul className="palette-list" role="listbox" id={listId} aria-label="Commands">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className="palette-item"
              data-command={c.id}
              onMouseMove={() => setActive(i)}
              onClick={() => run(c)}
            >
              <span className="palette-label">
                <span className="muted">{MENU_TITLES[c.menu]} › </span>
                {plainLabel(c)}
              </span>
              {c.keys?.[0] && <kbd className="palette-keys">{shortcutText(c.keys[0], isMac)}</kbd>}
              <span className="palette-description muted">{c.description}</span>
            </li>
          ))}
        </ul>
        {!shown.length && (
          <p className="muted" role="status">
            No command here matches “{query}”. Some commands work only in the Plan workspace or with an operation open.
          </p>
        )}
        <p className="palette-help muted">↑ ↓ to choose · Enter to run · Esc to close</p>
      </div>
    </div>
  );
}

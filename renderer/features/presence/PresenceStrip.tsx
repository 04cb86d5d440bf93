/**
 * The workspace header's "Also here:" strip: one chip per other window with this operation open, in the person's
 * colour with their initials, their name and workspace beside it. Each is focusable; focus or hover shows who they
 * are and what they have selected (also their accessible name). Nothing at all when nobody else is here or offline.
 */
import { useId } from 'react';
import { colourOf, describePerson, initialsOf, WORKSPACE_LABELS, type Person } from './presence';
import './presence.css';

export function PresenceStrip({ others, nameOf }: { others: readonly Person[]; nameOf: (id: string) => string | undefined }) {
  if (others.length === 0) return null;
  return (
    <div className="presence-strip" role="group" aria-label="Also here" data-testid="presence-strip">
      <span className="muted">Also here:</span>
      <ul>
        {others.map((p) => (
          <PersonChip key={p.connectionId} person={p} text={describePerson(p, nameOf)} />
        ))}
      </ul>
    </div>
  );
}

function PersonChip({ person, text }: { person: Person; text: string }) {
  const tip = useId();
  return (
    <li className="presence-person" tabIndex={0} aria-describedby={tip} data-testid="presence-person" data-user={person.user}>
      <span className="presence-chip" style={{ background: colourOf(person.user) }} aria-hidden="true">
        {initialsOf(person.displayName)}
      </span>
      <span>
        {person.displayName} ({WORKSPACE_LABELS[person.workspace]})
      </span>
      <span role="tooltip" id={tip} className="presence-tip" data-testid="presence-tip">
        {text}
      </span>
    </li>
  );
}

/** The properties panel's line: "Also selected by Insp Jane Smith" (nothing when nobody else has it selected). */
export function AlsoSelected({ others, featureId }: { others: readonly Person[]; featureId: string }) {
  const by = others.filter((p) => p.selection.includes(featureId));
  const names = [...new Map(by.map((p) => [p.displayName, p.user])).entries()];
  if (names.length === 0) return null;
  return (
    <p className="also-selected" role="status" data-testid="also-selected">
      {names.map(([name, user]) => (
        <span key={name} className="presence-dot" style={{ background: colourOf(user) }} aria-hidden="true" />
      ))}
      Also selected by {names.map(([name]) => name).join(', ')}
    </p>
  );
}

import type { Briefing } from '../../../../shared/brief/schema';

/**
 * A change to the briefing: the fields to set, or a function that works them out from the briefing AS STORED when the
 * edit runs. Use the function form for anything nested (a row of a table, Gold's call sign): the screen's copy may be
 * a moment old (a quick second edit, or a planning-cell colleague's change just synced in), and building from it would
 * silently undo that other change.
 */
export type BriefingChange = Partial<Briefing> | ((stored: Briefing) => Partial<Briefing>);

/** What every Brief tab gets: the briefing as last shown, and one undoable save of a change to it. */
export interface BriefTabProps {
  briefing: Briefing;
  save: (change: BriefingChange, label: string) => void;
}

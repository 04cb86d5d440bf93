import type { Briefing } from '../../../../shared/brief/schema';

/** What every Brief tab gets: the briefing as stored, and one undoable save of a change to it. */
export interface BriefTabProps {
  briefing: Briefing;
  save: (patch: Partial<Briefing>, label: string) => void;
}

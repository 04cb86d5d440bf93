/** The command palette's search: pure, so it is unit-tested. */
import { plainLabel, type AppCommand, type CommandMenu } from '../../../shared/commands/appCommands';

export const MENU_TITLES: Readonly<Record<CommandMenu, string>> = { file: 'File', edit: 'Edit', view: 'View', help: 'Help' };

/** "File › Export GeoJSON…": where the same command sits in the desktop menu. */
export const menuPath = (command: AppCommand): string => `${MENU_TITLES[command.menu]} › ${plainLabel(command)}`;

/** Commands whose menu path or description holds every word typed (any order, any case), in table order. */
export function filterCommands(commands: readonly AppCommand[], query: string): AppCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...commands];
  return commands.filter((c) => {
    const text = `${menuPath(c)} ${c.description} ${c.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

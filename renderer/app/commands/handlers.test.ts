import { describe, expect, it, vi } from 'vitest';
import { APP_COMMAND_IDS } from '../../../shared/commands/appCommands';
import type { MenuCommand } from '../../../shared/ipc/contract';
import { createCommandHandlers, type CommandContext } from './handlers';

function fakeContext(withPlan = true) {
  const plan = { importFile: vi.fn(), deleteSelection: vi.fn(), openGoTo: vi.fn() };
  const ctx = {
    showWorkspace: vi.fn(),
    newOperation: vi.fn(),
    openSettings: vi.fn(),
    openAbout: vi.fn(),
    openPalette: vi.fn(),
    undo: vi.fn(),
    redo: vi.fn(),
    exportOperation: vi.fn(),
    plan: vi.fn(() => (withPlan ? plan : null)),
    report: vi.fn(),
  } satisfies CommandContext;
  /** Every call made, as "method(args)", on the context and the plan port (the plan() lookup itself left out). */
  const calls = () => [
    ...Object.entries(ctx).flatMap(([name, fn]) => (name === 'plan' ? [] : fn.mock.calls.map((args) => `${name}(${args.join(',')})`))),
    ...Object.entries(plan).flatMap(([name, fn]) => fn.mock.calls.map((args) => `plan.${name}(${args.join(',')})`)),
  ];
  return { ctx, calls };
}

/** What a planner expects each command to do. */
const EXPECTED: Record<MenuCommand, string> = {
  'operation:new': 'newOperation()',
  'operation:list': 'showWorkspace(operations)',
  'file:import': 'plan.importFile()',
  'file:export-cordon': 'exportOperation(cordon)',
  'file:export-geojson': 'exportOperation(geojson)',
  'file:export-kml': 'exportOperation(kml)',
  'file:export-tak': 'exportOperation(tak)',
  'edit:undo': 'undo()',
  'edit:redo': 'redo()',
  'edit:delete': 'plan.deleteSelection()',
  'view:command-palette': 'openPalette()',
  'view:go-to': 'plan.openGoTo()',
  'view:plan': 'showWorkspace(plan)',
  'view:brief': 'showWorkspace(brief)',
  'view:live': 'showWorkspace(live)',
  'view:decisions': 'showWorkspace(decisions)',
  'view:settings': 'openSettings()',
  'help:about': 'openAbout()',
};

describe('app command handlers', () => {
  it('has a handler for every command in the table, and for nothing else', () => {
    const handlers = createCommandHandlers(fakeContext().ctx);
    expect(Object.keys(handlers).sort()).toEqual([...APP_COMMAND_IDS].sort());
  });

  it.each(APP_COMMAND_IDS.map((id) => [id]))('%s does exactly what it says', (id) => {
    const { ctx, calls } = fakeContext();
    createCommandHandlers(ctx)[id]();
    expect(calls()).toEqual([EXPECTED[id]]);
  });

  it('tells the user where a plan command works when the Plan workspace is not open', () => {
    const { ctx, calls } = fakeContext(false);
    createCommandHandlers(ctx)['edit:delete']();
    expect(calls()).toEqual(['report(That command works in the Plan workspace: open it first (Ctrl+1).)']);
  });
});

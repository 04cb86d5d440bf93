/**
 * The command server refuses in terse words meant for logs ("forbidden: you are not a member of operation 5fd3…",
 * "forbidden: as planner in 5fd3… you may not send plan:approve"). A new user shown that does not know what went
 * wrong or whom to ask, so every refusal the app shows is put in plain words here: what was refused, which role
 * would be needed, and who can give it. Anything else passes through unchanged.
 */
import { PERMISSIONS, type ClientToServerEvents } from '../../shared/protocol';

/** What each refusable event does, in the words of the screen that sends it. */
const ACTIONS: Partial<Record<keyof ClientToServerEvents, string>> = {
  'alert:ack': 'acknowledge alerts',
  'alert:ackMany': 'acknowledge alerts',
  'emergency:clear': 'clear an emergency',
  'plan:publish': 'publish a plan version',
  'plan:approve': 'approve a plan version',
  'operation:state': 'change the operation’s status',
  'operation:legalHold': 'put the operation under legal hold',
  'log:append': 'write in a decision log or the control-room log',
  'sync:share': 'share the operation with the planning cell',
  'sync:push': 'send plan edits to the planning cell',
  'sync:resolve': 'resolve a conflict',
  'audit:query': 'read the audit trail',
};

const ASK = 'ask an administrator (Users) or the operation’s planner to give you a role in it';

function needs(event: string): { action: string; roles: string } {
  const known = event in PERMISSIONS ? (event as keyof ClientToServerEvents) : null;
  const roles = known ? PERMISSIONS[known].filter((r) => r !== 'feed') : [];
  const list = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}` : (roles[0] ?? 'administrator');
  return { action: (known && ACTIONS[known]) ?? `do that (${event})`, roles: list };
}

export function explainRefusal(error: string): string {
  if (/^forbidden: you are not a member of operation \S+$/.test(error) || /^forbidden: you may not watch \S+$/.test(error)) {
    return `You have no role in this operation on the command server: ${ASK}.`;
  }
  const asRole = /^forbidden: as (.+) in \S+ you may not send (\S+)$/.exec(error);
  if (asRole) {
    const n = needs(asRole[2]!);
    return `As ${asRole[1]!} in this operation you may not ${n.action}: that needs a ${n.roles}. Ask an administrator (Users) if you should have that role.`;
  }
  const service = /^forbidden: the (\S+) role may not send (\S+)$/.exec(error);
  if (service) {
    const n = needs(service[2]!);
    return `This sign-in (${service[1]!}) may not ${n.action}: that needs a ${n.roles}.`;
  }
  return error;
}

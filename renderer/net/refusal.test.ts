import { describe, expect, it } from 'vitest';
import { parseAck } from './parse';
import { explainRefusal } from './refusal';

const OP = '5fd33cfb-4664-470a-bc16-a1c6bc9e627d';

describe('the command server’s refusals in plain words', () => {
  it('says a person with no role in the operation whom to ask, without the operation’s raw id', () => {
    const text = explainRefusal(`forbidden: you are not a member of operation ${OP}`);
    expect(text).toBe(
      'You have no role in this operation on the command server: ask an administrator (Users) or the operation’s planner to give you a role in it.',
    );
    expect(explainRefusal(`forbidden: you may not watch ${OP}`)).toBe(text);
  });

  it('names what was refused and the role that may do it', () => {
    expect(explainRefusal(`forbidden: as planner in ${OP} you may not send plan:approve`)).toBe(
      'As planner in this operation you may not approve a plan version: that needs a commander. Ask an administrator (Users) if you should have that role.',
    );
    expect(explainRefusal(`forbidden: as viewer and loggist in ${OP} you may not send alert:ack`)).toBe(
      'As viewer and loggist in this operation you may not acknowledge alerts: that needs a controller or commander. Ask an administrator (Users) if you should have that role.',
    );
    expect(explainRefusal('forbidden: the viewer role may not send emergency:clear')).toBe(
      'This sign-in (viewer) may not clear an emergency: that needs a controller or commander.',
    );
  });

  it('leaves every other message as the server wrote it', () => {
    expect(explainRefusal('version 3 does not exist')).toBe('version 3 does not exist');
    expect(explainRefusal('forbidden: only feeds post positions')).toBe('forbidden: only feeds post positions');
  });

  it('is what a refused request hands on to the screen', () => {
    expect(parseAck({ ok: false, error: `forbidden: you are not a member of operation ${OP}` }, () => ({ ok: true, value: null }))).toEqual({
      ok: false,
      error: expect.stringMatching(/^You have no role in this operation on the command server: ask an administrator/),
    });
  });
});

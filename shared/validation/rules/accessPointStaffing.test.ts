import { describe, expect, it } from 'vitest';
import type { Assignment, Phase, PlanFeature, Unit } from '../../domain';
import { at, makeAssignment, makeBundle, makeFeature, makeUnit, rectGeom, t, THREE_PHASES } from '../fixtures';
import { buildPlanIndex, type TimedAssignment } from '../planIndex';
import { accessPointStaffing, lowestStaffing } from './accessPointStaffing';

const cordon = (required: number, p: Partial<PlanFeature> = {}) =>
  makeFeature({
    id: 'c1',
    kind: 'cordon',
    name: 'Whitehall',
    phaseIds: ['ph1', 'ph2'],
    geometry: rectGeom(0, 0, 200, 200),
    props: {
      cordonType: 'inner',
      accessPoints: [{ id: 'ap1', name: 'Gate A', position: at(100, 0), staffingRequired: required }],
    },
    ...p,
  });
const units: Unit[] = [
  makeUnit('u1', 'U1'), // 25 officers
  makeUnit('u2', 'U2'),
  // 5 officers and 10 police staff: the staff do not count.
  makeUnit('u3', 'DOG1', { type: 'dogs', strength: { inspectors: 0, sergeants: 1, constables: 4, staff: 10 } }),
];
const onGate = (id: string, unitId: string, phaseId: string, from: string, to: string, featureId = 'c1') =>
  makeAssignment({
    id,
    unitId,
    phaseId,
    target: { kind: 'accessPoint', featureId, accessPointId: 'ap1' },
    startsAt: t(from),
    endsAt: t(to),
  });
const run = (features: PlanFeature[], assignments: Assignment[], phases: Phase[] = THREE_PHASES) =>
  accessPointStaffing(buildPlanIndex(makeBundle({ phases, features, units, assignments })));

describe('lowestStaffing', () => {
  const ta = (from: string, to: string, n: number) => ({ start: Date.parse(t(from)), end: Date.parse(t(to)), n });
  const phase = { start: Date.parse(t('10:00')), end: Date.parse(t('12:00')) };
  const low = (...xs: { start: number; end: number; n: number }[]) =>
    lowestStaffing(xs as unknown as TimedAssignment[], phase, (x) => (x as unknown as { n: number }).n);

  it('counts reliefs one after the other at their own strength', () => {
    expect(low(ta('09:00', '11:00', 25), ta('11:00', '13:00', 20))).toEqual({
      officers: 20,
      from: Date.parse(t('11:00')),
      to: phase.end,
    });
  });

  it('finds a gap between reliefs', () => {
    expect(low(ta('10:00', '11:00', 25), ta('11:30', '12:00', 25))).toEqual({
      officers: 0,
      from: Date.parse(t('11:00')),
      to: Date.parse(t('11:30')),
    });
  });

  it('adds up units there at the same time, and is 0 with nobody', () => {
    expect(low(ta('10:00', '12:00', 5), ta('10:00', '12:00', 7)).officers).toBe(12);
    expect(low()).toEqual({ officers: 0, from: phase.start, to: phase.end });
  });
});

describe('accessPointStaffing', () => {
  it('is content when every phase of the cordon is staffed', () => {
    expect(run([cordon(20)], [onGate('a1', 'u1', 'ph1', '10:00', '12:00'), onGate('a2', 'u2', 'ph2', '12:00', '14:00')])).toEqual([]);
  });

  it('errs when a phase the cordon is active in has nobody', () => {
    const w = run([cordon(20)], [onGate('a1', 'u1', 'ph1', '10:00', '12:00')]);
    expect(w).toEqual([
      {
        id: 'accessPointUnderstaffed:c1/ap1',
        rule: 'accessPointUnderstaffed',
        severity: 'error',
        message: 'Access point "Gate A" on inner cordon "Whitehall" needs 20 officers: nobody in Procession.',
        featureIds: ['c1'],
        unitIds: ['u1'],
        assignmentIds: ['a1'],
      },
    ]);
  });

  it('warns when short, with the same shortfall in several phases said once', () => {
    const w = run([cordon(30)], [onGate('a1', 'u1', 'ph1', '10:00', '12:00'), onGate('a2', 'u1', 'ph2', '12:00', '14:00')]);
    expect(w.map((x) => [x.severity, x.message])).toEqual([
      ['warning', 'Access point "Gate A" on inner cordon "Whitehall" needs 30 officers: only 25 in Assembly and Procession.'],
    ]);
  });

  it('does not count police staff, and says when in the phase the gap is', () => {
    const w = run([cordon(10, { phaseIds: ['ph1'] })], [onGate('a1', 'u1', 'ph1', '10:00', '11:00'), onGate('a2', 'u3', 'ph1', '11:00', '12:00')]);
    expect(w[0]?.message).toBe('Access point "Gate A" on inner cordon "Whitehall" needs 10 officers: only 5 on 24 Aug 11:00–12:00 in Assembly.');
    const gap = run([cordon(10, { phaseIds: ['ph1'] })], [onGate('a1', 'u1', 'ph1', '10:00', '11:00'), onGate('a2', 'u2', 'ph1', '11:30', '12:00')]);
    expect(gap[0]?.severity).toBe('error');
    expect(gap[0]?.message).toMatch(/nobody on 24 Aug 11:00–11:30 in Assembly\.$/);
  });

  it('ignores access points that need nobody, and assignments to a same-named access point on another cordon', () => {
    expect(run([cordon(0)], [])).toEqual([]);
    const other = cordon(10, { id: 'c2', name: 'Parliament Sq' });
    const w = run([cordon(10, { phaseIds: ['ph1'] }), { ...other, phaseIds: ['ph1'] }], [onGate('a1', 'u1', 'ph1', '10:00', '12:00', 'c2')]);
    expect(w.map((x) => x.id)).toEqual(['accessPointUnderstaffed:c1/ap1']);
  });

  it('adds up the officers assigned when the plan has no phases', () => {
    expect(run([cordon(10, { phaseIds: [] })], [], [])[0]?.message).toBe(
      'Access point "Gate A" on inner cordon "Whitehall" needs 10 officers; it has nobody assigned.',
    );
  });

  it('does not count a partner agency crew as officers on the gate', () => {
    const amb = makeUnit('amb', 'AMB1', { type: 'ambulance', strength: { inspectors: 0, sergeants: 0, constables: 4, staff: 2 } });
    const ix = buildPlanIndex(
      makeBundle({
        phases: THREE_PHASES,
        features: [cordon(2, { phaseIds: ['ph1'] })],
        units: [amb],
        assignments: [onGate('a1', 'amb', 'ph1', '10:00', '11:00')],
      }),
    );
    const w = accessPointStaffing(ix);
    expect(w.map((x) => x.severity)).toEqual(['error']);
  });
});

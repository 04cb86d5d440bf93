import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { Power } from '../powers';
import { powersAnnex } from './powersAnnex';

const base = generateOperation({ units: 2, features: 6, assignments: 0, seed: 3 });
const area = base.features.find((f) => f.geometry.type === 'Polygon')!;
const T0 = '2026-06-13T09:00:00.000Z';
const at = (h: number) => new Date(Date.parse(T0) + h * 3600_000).toISOString();
const supt = { name: 'Ada Hale', rank: 'superintendent' as const, collar: '4410' };

describe('powersAnnex', () => {
  it('lists each power with authoriser, a grounds summary, times and every extension, in start order', () => {
    const s60 = Power.parse({
      id: 'p1',
      type: 's60',
      authoriser: supt,
      grounds: `Knives seen. ${'More detail. '.repeat(40)}`,
      areaFeatureId: area.id,
      startsAt: at(1),
      endsAt: at(16),
      authorisedAt: at(1),
      extensions: [
        { by: { name: 'Bo Chan', rank: 'chiefSuperintendent', collar: '7' }, at: at(15), recordedAt: at(15), newEndsAt: at(40), grounds: 'Stabbing at 23:10' },
      ],
    });
    const s14 = Power.parse({
      id: 'p2',
      type: 's14',
      authoriser: { name: 'Cy Dunn', rank: 'assistantChiefConstable', collar: '' },
      grounds: 'Risk of serious disruption.',
      startsAt: at(0),
    });
    const rows = powersAnnex({ ...base, operation: { ...base.operation, endsAt: at(12), powers: [s60, s14] } });

    expect(rows.map((r) => r.power)).toEqual([
      'POA 1986 s.14 conditions on a public assembly',
      'CJPOA 1994 s.60 search without suspicion (serious violence, weapons)',
    ]);
    expect(rows[0]).toMatchObject({ authoriser: 'Assistant Chief Constable Cy Dunn', area: 'NOT SET', status: 'DRAFT: not authorised' });
    expect(rows[0]!.times).toMatch(/to the end of the event/);
    const r = rows[1]!;
    expect(r.authoriser).toBe('Superintendent Ada Hale (4410)');
    expect(r.grounds.length).toBeLessThanOrEqual(200);
    expect(r.grounds.endsWith('…')).toBe(true);
    expect(r.area).toMatch(new RegExp(`^${area.name} [A-Z]{2} \\d{5} \\d{5}$`));
    expect(r.extensions).toEqual([expect.stringMatching(/^Extension 1: Chief Superintendent Bo Chan \(7\) at .* \(Stabbing at 23:10\)$/)]);
    expect(r.times).toMatch(/; now ends /);
    expect(r.status).toMatch(/^Authorised /);
  });

  it('names the organiser of a s.11 notice without a rank, with when the notice came', () => {
    const notice = Power.parse({
      id: 'n1',
      type: 's11',
      authoriser: { name: 'Stop the War Coalition', rank: 'inspector', collar: '' },
      startsAt: at(0),
      noticeReceivedAt: at(-200),
    });
    const [row] = powersAnnex({ ...base, operation: { ...base.operation, endsAt: at(12), powers: [notice] } });
    expect(row).toMatchObject({ authoriser: 'Stop the War Coalition', status: expect.stringMatching(/^Notice received /) });
  });
});

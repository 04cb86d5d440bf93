import { describe, expect, it } from 'vitest';
import { planLogs } from '../../../shared/decisionLog/planLogs';
import { pickerLogs } from './logPicker';

describe('the log picker', () => {
  it('lists the plan’s logs first, then logs outside the plan marked as such, each once', () => {
    const planned = [...planLogs(null), { logId: 'bronze-sector-1-bronze', label: 'Sector 1 Bronze', commander: '', callSign: 'S1' }];
    const logs = pickerLogs(planned, ['gold', 'silver', 'bronze-sector-1-bronze', 'bronze-traffic']);
    expect(logs.map((l) => [l.logId, l.title, l.inPlan])).toEqual([
      ['gold', 'Gold', true],
      ['silver', 'Silver', true],
      ['bronze-sector-1-bronze', 'Sector 1 Bronze (call sign S1)', true],
      ['bronze-traffic', 'Bronze TRAFFIC (not in the plan)', false],
    ]);
  });
});

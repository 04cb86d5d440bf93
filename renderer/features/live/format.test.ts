import { describe, expect, it } from 'vitest';
import { fromLocalInput, heading, hhmm, hhmmss, speed, toLocalInput } from './format';

describe('live formatting', () => {
  const t = new Date(2024, 7, 26, 14, 2, 7).getTime();
  it('writes clock times in 24-hour form', () => {
    expect(hhmm(t)).toBe('14:02');
    expect(hhmmss(t)).toBe('14:02:07');
  });
  it('writes headings with a compass point and speeds in km/h', () => {
    expect(heading(93)).toBe('93° (E)');
    expect(heading(359)).toBe('359° (N)');
    expect(speed(1.5)).toBe('5.4 km/h');
  });
  it('round-trips datetime-local values', () => {
    expect(fromLocalInput(toLocalInput(t))).toBe(t);
    expect(fromLocalInput('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { featureLabel, formatTime, formatWindow, listWords } from './format';
import { makeFeature, pointGeom, rectGeom } from './fixtures';

describe('times in UK local time', () => {
  it('shows summer times in BST and winter times in GMT', () => {
    expect(formatTime(Date.parse('2025-08-24T13:00:00Z'))).toBe('24 Aug 14:00');
    expect(formatTime(Date.parse('2025-01-10T13:00:00Z'))).toBe('10 Jan 13:00');
  });

  it('writes a window on one day once, and spells out both days across midnight', () => {
    expect(formatWindow(Date.parse('2025-08-24T09:00:00Z'), Date.parse('2025-08-24T11:30:00Z'))).toBe('24 Aug 10:00–12:30');
    expect(formatWindow(Date.parse('2025-08-24T21:00:00Z'), Date.parse('2025-08-25T01:00:00Z'))).toBe('24 Aug 22:00 – 25 Aug 02:00');
  });

  it('does not throw on a bad time', () => {
    expect(formatTime(Number.NaN)).toBe('an invalid time');
  });
});

describe('words', () => {
  it('joins lists the English way', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['A'])).toBe('A');
    expect(listWords(['A', 'B', 'C'])).toBe('A, B and C');
  });

  it('names features by what they are', () => {
    const g = rectGeom(0, 0, 10, 10);
    expect(featureLabel(makeFeature({ id: 'x', kind: 'sector', name: 'Hyde Park', geometry: g, props: { sectorCode: 'S3' } }))).toBe('sector S3 "Hyde Park"');
    expect(featureLabel(makeFeature({ id: 'x', kind: 'cordon', name: 'Whitehall', geometry: g, props: { cordonType: 'inner' } }))).toBe(
      'inner cordon "Whitehall"',
    );
    expect(
      featureLabel(
        makeFeature({
          id: 'x',
          kind: 'keyLocation',
          name: 'Horse Guards',
          geometry: pointGeom(0, 0),
          props: { locationType: 'rvp' },
        }),
      ),
    ).toBe('rendezvous point (RVP) "Horse Guards"');
    expect(featureLabel(makeFeature({ id: 'x', kind: 'post', name: '  ', geometry: pointGeom(0, 0) }))).toBe('post (unnamed post)');
  });
});

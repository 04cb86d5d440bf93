import { describe, expect, it } from 'vitest';
import { findFeatureByName, parseGoTo, type GoToResult } from './goTo';

const point = (r: GoToResult) => {
  if (r.kind !== 'point') throw new Error(`expected a point, got ${JSON.stringify(r)}`);
  return r;
};

const features = [
  { id: 'f1', name: 'Trafalgar Square holding area' },
  { id: 'f2', name: 'RVP Horse Guards' },
  { id: 'f3', name: 'Sector 3' },
  { id: 'f4', name: 'Sector 3 FHA' },
  { id: 'f5', name: 'Hyde Park' },
  { id: 'f6', name: 'Park Lane' },
];

describe('parseGoTo: grid references', () => {
  it('reads a 10-figure reference and labels it the standard way', () => {
    const r = point(parseGoTo('tq3001580415'));
    expect(r.label).toBe('TQ 30015 80415');
    expect(r.lon).toBeCloseTo(-0.128, 3);
    expect(r.lat).toBeCloseTo(51.5077, 3);
  });

  it('reads plain eastings/northings', () => {
    const r = point(parseGoTo('530015, 180415'));
    expect(r.lat).toBeCloseTo(51.5077, 3);
  });

  it('explains a malformed grid reference when no feature matches', () => {
    expect(parseGoTo('TQ 300 8041')).toEqual({
      kind: 'error',
      message: expect.stringMatching(/same number of figures/),
    });
  });
});

describe('parseGoTo: decimal degrees', () => {
  it('reads lat, lon', () => {
    const r = point(parseGoTo('51.5218, -0.1260'));
    expect([r.lat, r.lon]).toEqual([51.5218, -0.126]);
    expect(r.label).toMatch(/^51\.52180, -0\.12600 \(TQ \d{5} \d{5}\)$/);
  });

  it('reads lon lat in GeoJSON order when only that order lands in Great Britain', () => {
    const r = point(parseGoTo('-0.1260 51.5218'));
    expect([r.lat, r.lon]).toEqual([51.5218, -0.126]);
  });

  it('keeps lat, lon outside Britain when it is a valid place (no grid ref in the label)', () => {
    const r = point(parseGoTo('48.8566, 2.3522'));
    expect([r.lat, r.lon]).toEqual([48.8566, 2.3522]);
    expect(r.label).toBe('48.85660, 2.35220');
  });

  it('treats a first number beyond 90 as the longitude', () => {
    const r = point(parseGoTo('-120.5, 45.25'));
    expect([r.lat, r.lon]).toEqual([45.25, -120.5]);
  });

  it('rejects two numbers that cannot both be degrees', () => {
    expect(parseGoTo('-120, -100').kind).toBe('error');
  });
});

describe('parseGoTo: degrees with hemisphere letters', () => {
  it.each([
    ['51.5077N 0.1280W'],
    ['51.5077 N, 0.1280 W'],
    ['N51.5077 W0.1280'],
    ['0.1280W 51.5077N'],
    [`51°30'27.72"N 0°7'40.8"W`],
    ['51 30 27.72 n 0 7 40.8 w'],
  ])('reads %j', (text) => {
    const r = point(parseGoTo(text));
    expect(r.lat).toBeCloseTo(51.5077, 4);
    expect(r.lon).toBeCloseTo(-0.128, 4);
  });

  it('reads southern and eastern hemispheres as negative and positive', () => {
    const r = point(parseGoTo('33.8688S 151.2093E'));
    expect([r.lat, r.lon]).toEqual([-33.8688, 151.2093]);
  });

  it('refuses two latitudes or bad minutes', () => {
    expect(parseGoTo('51N 52N')).toMatchObject({ kind: 'error', message: expect.stringMatching(/Two latitudes/) });
    expect(parseGoTo(`51 75 0 N 0 7 0 W`)).toMatchObject({ kind: 'error', message: expect.stringMatching(/under 60/) });
  });
});

describe('parseGoTo: feature names', () => {
  it('finds a feature by a case-insensitive substring', () => {
    expect(parseGoTo('horse guards', features)).toEqual({ kind: 'feature', id: 'f2', name: 'RVP Horse Guards' });
  });

  it('prefers an exact name to a longer one that contains it', () => {
    expect(findFeatureByName('sector 3', features)?.id).toBe('f3');
    expect(findFeatureByName('SECTOR 3 F', features)?.id).toBe('f4');
  });

  it('prefers a name that starts with the text, then a word that does, over a mid-word match', () => {
    expect(findFeatureByName('park', features)?.id).toBe('f6'); // "Park Lane" starts with it; "Hyde Park" has it as a word
    expect(findFeatureByName('ark', features)?.id).toBe('f5'); // both mid-word and the same length: list order
  });

  it('falls back to feature names when text only looks like a coordinate', () => {
    const fs = [{ id: 'n1', name: 'N1 holding area' }];
    expect(parseGoTo('n1', fs)).toMatchObject({ kind: 'feature', id: 'n1' });
  });

  it('says plainly when nothing matches', () => {
    expect(parseGoTo('Buckingham Palace', features)).toEqual({
      kind: 'error',
      message: 'Nothing in the plan is called "Buckingham Palace", and it is not a grid reference or coordinates.',
    });
    expect(parseGoTo('   ').kind).toBe('error');
  });
});

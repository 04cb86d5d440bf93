import { describe, expect, it } from 'vitest';
import { CotSplitter } from './splitter';

const ev = (uid: string) =>
  `<event version="2.0" uid="${uid}" type="a-f-G-U-C"><point lat="51.5" lon="-0.12" ce="5"/><detail><contact callsign="A &amp; B"/></detail></event>`;

describe('CotSplitter', () => {
  it('splits back-to-back events and skips declarations and whitespace', () => {
    const s = new CotSplitter(10_000);
    const r = s.push(`<?xml version="1.0" encoding="UTF-8"?>\n${ev('a')}\n<?xml version='1.0'?>${ev('b')}`);
    expect(r.messages).toEqual([ev('a'), ev('b')]);
    expect(r.junk).toBe(0);
    expect(s.pending).toBe(0);
  });

  it('reassembles events cut at every possible place, multi-byte characters included', () => {
    const text = `${ev('a')}${ev('ü-ß-€')}<event uid="c" type="a-f"/>`;
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 7, 64]) {
      const s = new CotSplitter(10_000);
      const got: string[] = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...s.push(bytes.subarray(i, i + size)).messages);
      expect(got).toEqual([ev('a'), ev('ü-ß-€'), '<event uid="c" type="a-f"/>']);
    }
  });

  it('counts garbage, drops oversize and broken events, and resynchronises', () => {
    const s = new CotSplitter(300);
    const long = `<event uid="x">${'x'.repeat(1000)}</event>`;
    const r1 = s.push(`garbage!!${ev('a')}\u0000\u0001<eventually>${long}<event uid="broken" type="a-f">`);
    expect(r1.messages).toEqual([ev('a')]);
    expect(r1.junk).toBeGreaterThan(0);
    expect(r1.oversize).toBe(1);
    const r2 = s.push(`${ev('b')}`);
    expect(r2.messages).toEqual([ev('b')]);
    // An unterminated event longer than the cap is dropped even before its end arrives.
    const s2 = new CotSplitter(300);
    expect(s2.push(`<event uid="y">${'y'.repeat(500)}`).oversize).toBe(1);
    expect(s2.pending).toBeLessThan(300);
    expect(s2.push(`${'y'.repeat(500)}</event>${ev('c')}`).messages).toEqual([ev('c')]);
  });

  it('does not grow without bound on endless junk', () => {
    const s = new CotSplitter(1000);
    for (let i = 0; i < 100; i++) s.push('x'.repeat(10_000));
    expect(s.pending).toBeLessThan(300);
  });
});

describe('CotSplitter resynchronisation', () => {
  it('drops an event cut inside an attribute value and yields the next event in the same push', () => {
    const s = new CotSplitter(64_000);
    const sos = `<event version="2.0" uid="dev-9-1-1" type="b-a-o-tbl" time="2024-01-01T00:00:00Z"><point lat="0" lon="0"/><detail><link uid="dev" relation="p-p"/></detail></event>`;
    const r = s.push(`<event uid="abc\u0000\u0001garbage ${sos}`);
    expect(r.messages).toEqual([sos]);
    expect(r.junk).toBeGreaterThan(0);
    expect(s.pending).toBe(0);
    // Cut inside a single-quoted value, the next event arriving in a later chunk.
    const s2 = new CotSplitter(64_000);
    expect(s2.push(`<event uid='abc`).messages).toEqual([]);
    expect(s2.push(ev('b')).messages).toEqual([ev('b')]);
    // Cut inside a nested element's attribute.
    const s3 = new CotSplitter(64_000);
    expect(s3.push(`<event uid="a" type="a-f"><detail><contact callsign="x${ev('c')}`).messages).toEqual([ev('c')]);
  });
});

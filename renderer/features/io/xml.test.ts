import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { afterEach, describe, expect, it } from 'vitest';
import { parseXml, rootName } from './xml';
import { checkGpxCoordinates, checkKmlCoordinates } from './xmlCoordinates';

class QuietParser extends XmldomParser {
  constructor() {
    super({ onError: () => undefined });
  }
}
const install = () => ((globalThis as { DOMParser?: unknown }).DOMParser = QuietParser);
afterEach(() => install());
install();

const doc = (s: string) => {
  const r = parseXml(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('parseXml', () => {
  it('parses and names the root without its prefix', () => {
    expect(rootName(doc('<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2"/>'))).toBe('kml');
  });

  it('reports malformed XML, entities, and a missing DOMParser', () => {
    expect(parseXml('<a><b></a>')).toMatchObject({ ok: false, error: expect.stringMatching(/^the file is not well-formed XML: /) });
    expect(parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a/>')).toMatchObject({ ok: false, error: expect.stringContaining('entities') });
    delete (globalThis as { DOMParser?: unknown }).DOMParser;
    expect(parseXml('<a/>')).toEqual({ ok: false, error: 'XML cannot be read here: no DOMParser is available' });
  });

  it('reports a browser-style <parsererror> document', () => {
    (globalThis as { DOMParser?: unknown }).DOMParser = class {
      parseFromString() {
        return new QuietParser().parseFromString('<html><parsererror>line 1: bad</parsererror></html>', 'text/xml');
      }
    };
    expect(parseXml('<a')).toEqual({ ok: false, error: 'the file is not well-formed XML: line 1: bad' });
  });
});

describe('coordinate checks', () => {
  it('accepts good KML coordinates, including heights and scientific notation', () => {
    expect(
      checkKmlCoordinates(doc('<kml><Placemark><LineString><coordinates>\n -0.1,51.5,0\n1e-2,5.15E1 </coordinates></LineString></Placemark></kml>')),
    ).toEqual({ ok: true, value: undefined });
  });

  it('names the placemark with an incomplete KML coordinate', () => {
    expect(checkKmlCoordinates(doc('<kml><Placemark><name>Gate</name><Point><coordinates>-0.1</coordinates></Point></Placemark></kml>'))).toEqual({
      ok: false,
      error: 'placemark 1 ("Gate"): coordinate "-0.1" needs longitude,latitude',
    });
  });

  it('names the GPX track and point with a bad latitude or a missing longitude', () => {
    expect(checkGpxCoordinates(doc('<gpx><trk><name>Day 1</name><trkseg><trkpt lat="51" lon="0"/><trkpt lat="5l" lon="0"/></trkseg></trk></gpx>'))).toEqual({
      ok: false,
      error: 'track 1 ("Day 1"), point 2: lat="5l" is not a number',
    });
    expect(checkGpxCoordinates(doc('<gpx><rte><rtept lat="51"/></rte></gpx>'))).toEqual({
      ok: false,
      error: 'route 1 (unnamed), point 1: it has no lon attribute',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { crsFromEpsg, crsFromName, crsFromWkt, epsgCode } from './projections';

/** Nelson's Column, TQ 30015 80454, as PROJ's cs2cs gives it with the same OSGB36 Helmert (checked by hand). */
const NELSON = { e: 530015, n: 180454, lon: -0.1279707, lat: 51.5080673 };
const ESRI_BNG_PRJ =
  'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],' +
  'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],' +
  'PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]';

/** Metres between two lon/lat points (equirectangular: plenty at these distances). */
function metres(a: [number, number], lon: number, lat: number): number {
  const k = 111_320;
  return Math.hypot((a[0] - lon) * k * Math.cos((lat * Math.PI) / 180), (a[1] - lat) * k);
}

describe('coordinate systems from files', () => {
  it('reads EPSG codes the ways files write them', () => {
    expect(epsgCode('urn:ogc:def:crs:EPSG::27700')).toBe(27700);
    expect(epsgCode('EPSG:27700')).toBe(27700);
    expect(epsgCode('http://www.opengis.net/def/crs/EPSG/0/27700')).toBe(27700);
    expect(epsgCode('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
    expect(epsgCode('something else')).toBeUndefined();
  });

  it("puts Nelson's Column within a metre from a QGIS crs name, an ESRI .prj and an EPSG code alike", () => {
    for (const crs of [crsFromName('urn:ogc:def:crs:EPSG::27700'), crsFromWkt(ESRI_BNG_PRJ), crsFromEpsg(27700)]) {
      if (!crs.ok) throw new Error(crs.error);
      expect(crs.value.label).toBe('British National Grid (EPSG:27700)');
      expect(metres(crs.value.toLonLat(NELSON.e, NELSON.n), NELSON.lon, NELSON.lat)).toBeLessThan(0.05);
    }
  });

  it('reads other projections proj4 understands from WKT (UTM zone 30N)', () => {
    const utm =
      'PROJCS["WGS_1984_UTM_Zone_30N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],' +
      'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
      'PARAMETER["Central_Meridian",-3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const crs = crsFromWkt(utm);
    if (!crs.ok) throw new Error(crs.error);
    expect(crs.value.label).toBe('WGS_1984_UTM_Zone_30N');
    expect(crs.value.isWgs84).toBe(false);
    const [lon, lat] = crs.value.toLonLat(699_316, 5_710_164);
    expect(lon).toBeCloseTo(-0.128, 2);
    expect(lat).toBeCloseTo(51.508, 2);
  });

  it('says plainly when it does not know a system', () => {
    expect(crsFromName('EPSG:2157')).toEqual({ ok: false, error: expect.stringMatching(/EPSG:2157 is not one Cordon knows/) });
    expect(crsFromName('my local grid')).toEqual({ ok: false, error: expect.stringMatching(/not one Cordon recognises/) });
    expect(crsFromWkt('')).toEqual({ ok: false, error: 'its coordinate system description is empty' });
    expect(crsFromWkt('PROJCS["Nonsense",FOO[1]]')).toEqual({ ok: false, error: expect.stringMatching(/"Nonsense" could not be read/) });
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toMatchObject({ ok: true, value: { isWgs84: true } });
  });
});

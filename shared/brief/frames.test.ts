import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { fromBng, toBng } from '../geo';
import { cameraBounds, defaultFrames, fitCamera, gridTicks, project, scaleBar, unproject, metresPerPixel } from './frames';

const bundle = generateOperation({ units: 20, features: 150, assignments: 40, seed: 5 });

describe('map frames', () => {
  it('makes an overview, one frame per sector, and cordon/route/location frames', () => {
    const frames = defaultFrames(bundle);
    const keys = frames.map((f) => f.key);
    expect(keys[0]).toBe('overview');
    for (const s of bundle.features.filter((f) => f.kind === 'sector')) expect(keys).toContain(`sector:${s.id}`);
    expect(keys.some((k) => k.startsWith('cordons'))).toBe(true);
    expect(keys.some((k) => k.startsWith('routes'))).toBe(true);
    expect(keys.some((k) => k.startsWith('locations'))).toBe(true);
  });

  it('applies the user overrides by key', () => {
    const frames = defaultFrames(bundle, [{ key: 'overview', include: false, padding: 0.5, bounds: [-0.2, 51.5, -0.1, 51.55] }]);
    expect(frames[0]).toMatchObject({ include: false, padding: 0.5, bounds: [-0.2, 51.5, -0.1, 51.55] });
  });

  it('the camera fits the bounds and projects round trip', () => {
    const cam = fitCamera([-0.17, 51.505, -0.09, 51.535], 1000, 700, 0);
    const [w, s, e, n] = cameraBounds(cam);
    expect(w).toBeLessThanOrEqual(-0.17 + 1e-9);
    expect(e).toBeGreaterThanOrEqual(-0.09 - 1e-9);
    expect(s).toBeLessThanOrEqual(51.505 + 1e-9);
    expect(n).toBeGreaterThanOrEqual(51.535 - 1e-9);
    const [x, y] = project(cam, -0.12, 51.52);
    const [lon, lat] = unproject(cam, x, y);
    expect(lon).toBeCloseTo(-0.12, 9);
    expect(lat).toBeCloseTo(51.52, 9);
  });

  it('the scale bar is a round length that matches the ground', () => {
    const cam = fitCamera([-0.17, 51.505, -0.09, 51.535], 1000, 700);
    const bar = scaleBar(cam, 150);
    expect([1, 2, 5].some((m) => bar.metres / m === 10 ** Math.round(Math.log10(bar.metres / m)))).toBe(true);
    expect(bar.px).toBeLessThanOrEqual(150);
    expect(bar.px * metresPerPixel(cam)).toBeCloseTo(bar.metres, 6);
  });

  it('grid ticks sit where the grid line crosses the frame edge', () => {
    const cam = fitCamera([-0.17, 51.505, -0.09, 51.535], 1000, 700);
    const ticks = gridTicks(cam, 1000);
    for (const edge of ['top', 'bottom', 'left', 'right'] as const) expect(ticks.filter((t) => t.edge === edge).length).toBeGreaterThan(1);
    for (const t of ticks) {
      const [x, y] = t.edge === 'top' ? [t.at, 0] : t.edge === 'bottom' ? [t.at, cam.height] : t.edge === 'left' ? [0, t.at] : [cam.width, t.at];
      const [lon, lat] = unproject(cam, x, y);
      const en = toBng(lon, lat);
      expect(en.ok).toBe(true);
      if (!en.ok) continue;
      const v = t.edge === 'top' || t.edge === 'bottom' ? en.value.easting : en.value.northing;
      expect(Math.abs(v - t.value)).toBeLessThan(1);
      expect(t.value % 1000).toBe(0);
    }
    // and a grid point projects back onto the image consistently
    const ll = fromBng(530000, 181000);
    expect(ll.ok).toBe(true);
  });
});

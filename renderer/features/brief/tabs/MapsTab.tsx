/** Brief > Maps: which of the plan's map frames the pack prints, their margins and extents. */
import type { Bounds, defaultFrames } from '../../../../shared/brief/frames';
import type { FrameOverride } from '../../../../shared/brief/schema';
import type { BriefTabProps } from './types';

function zoomBounds(b: Bounds, factor: number): Bounds {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  const hw = ((b[2] - b[0]) / 2) * factor;
  const hh = ((b[3] - b[1]) / 2) * factor;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

export function MapsTab({ save, frames }: Pick<BriefTabProps, 'save'> & { frames: ReturnType<typeof defaultFrames> }) {
  const setFrame = (key: string, change: Partial<FrameOverride>, label: string) => {
    save((b) => {
      const existing = b.frames.find((f) => f.key === key) ?? { key, include: true, padding: 0.08 };
      return { frames: [...b.frames.filter((f) => f.key !== key), { ...existing, ...change }] };
    }, label);
  };
  return (
    <div>
      <p className="muted">Maps are drawn from the plan. Leave a map out, widen its margin, or zoom its extent; "Reset" returns to the plan's extent.</p>
      <table className="grid" data-testid="brief-frames">
        <thead>
          <tr>
            <th>Print</th>
            <th>Map</th>
            <th>Margin</th>
            <th>Extent</th>
          </tr>
        </thead>
        <tbody>
          {frames.map((f) => (
            <tr key={f.key}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Print ${f.title}`}
                  checked={f.include}
                  onChange={(e) => setFrame(f.key, { include: e.target.checked }, `${e.target.checked ? 'Include' : 'Leave out'} map ${f.title}`)}
                />
              </td>
              <td>{f.title}</td>
              <td>
                <select
                  aria-label={`Margin of ${f.title}`}
                  value={String(f.padding)}
                  onChange={(e) => setFrame(f.key, { padding: Number(e.target.value) }, `Margin of map ${f.title}`)}
                >
                  {[0, 0.04, 0.08, 0.15, 0.3, 0.6].map((p) => (
                    <option key={p} value={String(p)}>
                      {Math.round(p * 100)}%
                    </option>
                  ))}
                </select>
              </td>
              <td className="row">
                <button className="btn" onClick={() => setFrame(f.key, { bounds: zoomBounds(f.bounds, 0.8) }, `Zoom in map ${f.title}`)}>
                  Zoom in
                </button>
                <button className="btn" onClick={() => setFrame(f.key, { bounds: zoomBounds(f.bounds, 1.25) }, `Zoom out map ${f.title}`)}>
                  Zoom out
                </button>
                <button className="btn" onClick={() => save((b) => ({ frames: b.frames.filter((x) => x.key !== f.key) }), `Reset map ${f.title}`)}>
                  Reset
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

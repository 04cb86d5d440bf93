/** Small icons for the live layers, drawn in code (no files): a heading arrow and a dashed ring, both SDF. */

function image(size: number, inside: (x: number, y: number) => boolean): ImageData {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (inside(x + 0.5, y + 0.5)) data[(y * size + x) * 4 + 3] = 255;
  return new ImageData(data, size, size);
}

/** A chevron above the centre pointing north; rotated by the heading it sits outside the unit symbol. */
export function headingArrowImage(): ImageData {
  const s = 40;
  const c = s / 2;
  return image(s, (x, y) => {
    // Triangle with its tip at y=1 and base at y=10, half-width 6.
    if (y < 1 || y > 10) return false;
    return Math.abs(x - c) <= ((y - 1) / 9) * 6;
  });
}

/** A dashed ring: "not heard from". */
export function dashedRingImage(): ImageData {
  const s = 40;
  const c = s / 2;
  return image(s, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    if (r < 14 || r > 17) return false;
    const angle = (Math.atan2(y - c, x - c) + Math.PI) / (2 * Math.PI);
    return Math.floor(angle * 16) % 2 === 0;
  });
}

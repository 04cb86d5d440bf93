#!/usr/bin/env node
/**
 * Draws Cordon's app icon (no image tools needed): a police-blue shield with a white rim, crossed by a three-row
 * chequered band (the "Sillitoe tartan" of UK police: the cordon). Rendered with 4x4 supersampling per pixel.
 *   resources/icon.png  512x512 RGBA (electron-builder: Linux, and the source for other sizes)
 *   resources/icon.ico  256, 128, 64, 48, 32 and 16 px, each entry a PNG (Windows Vista+ ICO)
 * Usage: node scripts/make-icons.mjs
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'resources');

const NAVY = [22, 50, 92];
const BLUE = [30, 79, 156];
const WHITE = [255, 255, 255];

// Shield geometry in unit coordinates (0..1, y down).
const CX = 0.5;
const TOP = 0.07;
const SHOULDER = 0.5; // where the straight sides start to curve in
const BOTTOM = 0.94;
const HALF_WIDTH = 0.37;
const CORNER = 0.06;
const OUTLINE = 0.02; // a navy edge outside the white rim, so the shield reads on light backgrounds too
const RIM = 0.03;

/** Half-width of the shield at height y (0 outside its vertical extent). */
function halfWidthAt(y, inset) {
  const top = TOP + inset;
  const bottom = BOTTOM - inset * 1.6;
  const hw = HALF_WIDTH - inset;
  if (y < top || y > bottom) return 0;
  if (y <= SHOULDER) {
    // Rounded top corners.
    const dy = top + CORNER - y;
    if (dy > 0) return hw - CORNER + Math.sqrt(Math.max(0, CORNER * CORNER - dy * dy));
    return hw;
  }
  const t = (y - SHOULDER) / (bottom - SHOULDER);
  return hw * Math.pow(Math.cos((t * Math.PI) / 2), 0.75);
}

/** Colour and coverage of one sample point. */
function sample(x, y) {
  const dx = Math.abs(x - CX);
  if (dx > halfWidthAt(y, 0)) return null;
  if (dx > halfWidthAt(y, OUTLINE)) return NAVY;
  if (dx > halfWidthAt(y, OUTLINE + RIM)) return WHITE;
  // The chequered band: three rows of squares across the shield.
  const size = 0.058;
  const bandTop = 0.405;
  if (y >= bandTop && y < bandTop + 3 * size) {
    const row = Math.floor((y - bandTop) / size);
    const col = Math.floor((x - CX) / size + 100);
    return (row + col) % 2 === 0 ? WHITE : BLUE;
  }
  return NAVY;
}

/** Render the icon at `size` x `size` pixels, RGBA, with ss x ss samples per pixel. */
export function renderIcon(size, ss = 4) {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const colour = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
        pixels[i + 3] = Math.round((255 * a) / (ss * ss));
      }
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encode RGBA pixels as a PNG. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file whose entries are PNG images. */
export function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size;
    header[entry + 1] = size >= 256 ? 0 : size;
    header[entry + 2] = 0; // palette
    header[entry + 3] = 0;
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

async function main() {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'icon.png'), encodePng(512, renderIcon(512)));
  const icoSizes = [256, 128, 64, 48, 32, 16];
  const images = icoSizes.map((size) => ({ size, png: encodePng(size, renderIcon(size, size <= 48 ? 8 : 4)) }));
  await writeFile(path.join(outDir, 'icon.ico'), encodeIco(images));
  console.log(`Wrote ${path.relative(process.cwd(), path.join(outDir, 'icon.png'))} and icon.ico (${icoSizes.join(', ')} px)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

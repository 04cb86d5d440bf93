import { describe, expect, it } from 'vitest';
import { decodeText, describeValue, fileExtension, htmlToText, looksLikeZip } from './text';

describe('text helpers', () => {
  it('decodes UTF-8 and UTF-16 with or without a byte-order mark', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe('hi');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]))).toBe('hi');
    expect(decodeText(new TextEncoder().encode('Ünï'))).toBe('Ünï');
  });

  it('reads extensions and zip signatures', () => {
    expect(fileExtension('C:\\plans\\Route.GeoJSON')).toBe('geojson');
    expect(fileExtension('.hidden')).toBe('');
    expect(looksLikeZip(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe(true);
    expect(looksLikeZip(new Uint8Array([0x50, 0x4b]))).toBe(false);
  });

  it('reduces HTML to text, dropping scripts and decoding entities', () => {
    expect(htmlToText('<div>One<br/>Two &amp; &#163;3 &#x41;</div><script>x()</script><style>p{}</style>')).toBe('One\nTwo & £3 A');
  });

  it('describes values for messages', () => {
    expect([null, undefined, 'x', 2, [1], {}, true].map(describeValue)).toEqual([
      'null',
      'missing',
      'the text "x"',
      'the number 2',
      'an array of 1',
      'an object',
      'a boolean',
    ]);
  });
});

/** shpjs ships no types; these are the two synchronous parsers we call (see readShapefile.ts). */
declare module 'shpjs' {
  /** Geometries of a .shp, one per record (null for a null shape); `trans` false keeps the file's own coordinates. */
  export function parseShp(shp: DataView | Uint8Array, trans?: false): Array<{ type: string; coordinates?: unknown; geometries?: unknown } | null>;
  /** Attribute rows of a .dbf, decoded with the .cpg's code page (UTF-8 or Windows-1252 when absent). */
  export function parseDbf(dbf: DataView | Uint8Array, cpg?: string): Array<Record<string, unknown>>;
}

/** sql.js's pure-JavaScript build: the same API as the WebAssembly one, with no .wasm file and no CSP exception. */
declare module 'sql.js/dist/sql-asm.js' {
  import type { SqlJsStatic } from 'sql.js';
  export default function initSqlJs(config?: object): Promise<SqlJsStatic>;
}

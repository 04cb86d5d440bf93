import type { Server } from 'node:http';

export declare const DEFAULT_PORT: number;
export declare function mimeTypeFor(fileName: string): string;
export declare function parseRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null;
export declare function resolveInside(root: string, relativeUrlPath: string): string | null;

export interface StaticServerOptions {
  /** Folder served at "/" (index.html for "/" and for folders). */
  root: string;
  /** Default 5173; 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** URL prefix (e.g. "/data/") -> folder, served with the same rules (Range, traversal checks). */
  extraRoots?: Record<string, string>;
  /** Headers added to every file response (e.g. the app's Content-Security-Policy in a test). */
  headers?: Record<string, string>;
  /** Served as /config.json (the renderer's RuntimeConfig: command server URL, default basemap archives). */
  config?: object;
  /** Print the URL once listening. */
  log?: boolean;
}

export interface StaticServer {
  /** e.g. "http://127.0.0.1:5173/" (with the trailing slash). */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export declare function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;

export declare function mimeTypeFor(fileName: string): string;
export declare function parseRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null;
export declare function safeSegments(pathname: string): string[] | null;
export declare function resolveInside(root: string, pathname: string): string | null;

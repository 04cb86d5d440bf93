export declare const DEFAULT_BASEMAP_FILES: readonly { file: string; name: string }[];
export declare function findDataDir(projectRoot: string, env?: Record<string, string | undefined>): string | null;
export declare function defaultBasemapArchives(dataDir: string | null, urlPrefix: string): { archives: { url: string; name: string }[] } | null;

export interface ScanFinding {
  id: string;
  severity: string;
  confidence: string;
  manualReview: boolean;
  file: string;
  line: number;
  column: number;
  description: string;
}

export interface ScanReport {
  blocking: ScanFinding[];
  notes: ScanFinding[];
  sarifErrors: unknown[];
  sarifCount: number;
  parseErrors: Array<{ file: string; message: string; tolerable: boolean }>;
}

export declare function scanElectron(options: { input: string; sarifPath: string; root?: string }): Promise<ScanReport>;

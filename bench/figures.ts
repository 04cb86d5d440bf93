/** How benchmarks report: one `name=value` line per figure, so runs can be compared and quoted in issue notes. */
export function printFigure(name: string, value: number, unit = ''): void {
  console.log(`${name}=${Math.round(value * 100) / 100}${unit}`);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A positive number given on the command line as `--name N`, else `def`. */
export function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}

/** Full plan validation on the 600-unit / 5,000-feature / 3,000-assignment operation. */
import { validatePlan } from '../shared/validation';
import { generateOperation } from './fixtures/generateOperation';
import { percentile, printFigure } from './figures';

export function runValidationBench() {
  const bundle = generateOperation({ units: 600, features: 5000, assignments: 3000, seed: 7 });
  validatePlan(bundle); // warm up the JIT
  const times: number[] = [];
  let warnings = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    warnings = validatePlan(bundle).length;
    times.push(performance.now() - t);
  }
  printFigure('validation.full_p50_ms', percentile(times, 50));
  printFigure('validation.full_max_ms', Math.max(...times));
  printFigure('validation.warnings', warnings);
}

/** A sector with nobody named as its Bronze: a gap in the command structure. */
import { capitalised, featureLabel } from '../format';
import type { PlanIndex } from '../planIndex';
import { warning, type PlanWarning } from '../types';

export function sectorWithoutBronze(ix: PlanIndex): PlanWarning[] {
  return ix
    .featuresOfKind('sector')
    .filter((f) => f.bronze.trim() === '')
    .map((f) =>
      warning('sectorWithoutBronze', f.id, 'error', `${capitalised(featureLabel(f))} has no Bronze.`, {
        featureIds: [f.id],
      }),
    );
}

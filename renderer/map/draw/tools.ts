/**
 * The drawing tools a planner picks from the toolbar: each makes one kind of plan feature with one terra-draw mode.
 * Pure data, shared by the toolbar (labels, shortcuts) and the draw controller (modes).
 */
import type { CordonType, FeatureKind } from '../../../shared/domain';

export type TerraMode = 'polygon' | 'linestring' | 'point' | 'circle';

export interface DrawTool {
  id: string;
  label: string;
  kind: FeatureKind;
  mode: TerraMode;
  /** Single key that picks the tool (shown in its tooltip). */
  key: string;
  cordonType?: CordonType;
  hint: string;
}

export const DRAW_TOOLS: readonly DrawTool[] = [
  { id: 'sector', label: 'Sector', kind: 'sector', mode: 'polygon', key: 's', hint: 'Click to add corners; click the first corner or press Enter to finish.' },
  {
    id: 'cordon-area',
    label: 'Cordon (area)',
    kind: 'cordon',
    mode: 'polygon',
    key: 'c',
    cordonType: 'inner',
    hint: 'Click to add corners; click the first corner or press Enter to finish.',
  },
  {
    id: 'cordon-line',
    label: 'Cordon (line)',
    kind: 'cordon',
    mode: 'linestring',
    key: 'l',
    cordonType: 'policeLine',
    hint: 'Click to add points; double-click or press Enter to finish.',
  },
  {
    id: 'route',
    label: 'Route',
    kind: 'route',
    mode: 'linestring',
    key: 'r',
    hint: 'Click along the route from its start; double-click or press Enter to finish.',
  },
  { id: 'keyLocation', label: 'Key location', kind: 'keyLocation', mode: 'point', key: 'k', hint: 'Click to place the location.' },
  { id: 'post', label: 'Post', kind: 'post', mode: 'point', key: 'p', hint: 'Click to place the post.' },
  { id: 'authority', label: 'Authority area', kind: 'authority', mode: 'polygon', key: 'a', hint: 'Click to add corners of the area the authority covers.' },
  { id: 'circle', label: 'Circle', kind: 'circle', mode: 'circle', key: 'o', hint: 'Click the centre, move out to the radius, click again.' },
  { id: 'annotation', label: 'Text', kind: 'annotation', mode: 'point', key: 't', hint: 'Click where the text goes; type it in the properties panel.' },
];

export function toolById(id: string | null): DrawTool | undefined {
  return DRAW_TOOLS.find((t) => t.id === id);
}

/**
 * Everything a printed pack needs, computed once from the bundle: the briefing with defaults, the generated tables,
 * the map frames with their cameras, and the page geometry. Pure (no DOM), so the print view, the workspace preview
 * and the benchmark agree on what goes in.
 */
import type { OperationBundle } from '../../../shared/domain';
import { defaultFrames, fitCamera, type Camera, type MapFrame } from '../../../shared/brief/frames';
import { PAPER, PAGE_MARGINS_MM } from '../../../shared/brief/printTemplates';
import { readBriefing, type Briefing, type PaperSize } from '../../../shared/brief/schema';
import { powersAnnex } from '../../../shared/brief/powersAnnex';
import { commandChart, deploymentMatrix, keyLocations, legalAuthorities, phaseTimeline, talkgroups } from '../../../shared/brief/tables';

/** CSS pixels per millimetre (96 px per inch). */
export const PX_PER_MM = 96 / 25.4;
/** Device pixels per CSS pixel of a printed map: 2.25 x 96 = 216 dpi at its printed size (the promise is 200). */
export const MAP_PIXEL_RATIO = 2.25;

/** Maps always print landscape, on the pack's paper family (A4 portrait packs get A4 landscape map pages). */
export function mapPaper(paper: PaperSize): PaperSize {
  return paper === 'a3-landscape' ? 'a3-landscape' : 'a4-landscape';
}

export const MAP_LAYOUT_MM = { legend: 52, labelMargin: 6, title: 12, footer: 9 } as const;

/** Printed size of each map image, mm. */
export function mapImageSizeMm(paper: PaperSize): { widthMm: number; heightMm: number } {
  const p = PAPER[mapPaper(paper)];
  const m = MAP_LAYOUT_MM;
  const contentW = p.widthMm - PAGE_MARGINS_MM.left - PAGE_MARGINS_MM.right;
  const contentH = p.heightMm - PAGE_MARGINS_MM.top - PAGE_MARGINS_MM.bottom;
  return { widthMm: Math.floor(contentW - m.legend - 2 * m.labelMargin - 4), heightMm: Math.floor(contentH - m.title - 2 * m.labelMargin - m.footer - 4) };
}

export interface PackFrame extends MapFrame {
  camera: Camera;
}

export interface PackModel {
  bundle: OperationBundle;
  briefing: Briefing;
  paper: PaperSize;
  chart: ReturnType<typeof commandChart>;
  matrix: ReturnType<typeof deploymentMatrix>;
  locations: ReturnType<typeof keyLocations>;
  authorities: ReturnType<typeof legalAuthorities>;
  talkgroups: ReturnType<typeof talkgroups>;
  phases: ReturnType<typeof phaseTimeline>;
  frames: PackFrame[];
  /** Printed map size, mm. */
  mapMm: { widthMm: number; heightMm: number };
  /** Annex B's powers register (Operation.powers). */
  powers: ReturnType<typeof powersAnnex>;
}

export function buildPackModel(bundle: OperationBundle, options: { paper?: PaperSize; maxMaps?: number } = {}): PackModel {
  const briefing = readBriefing(bundle.operation.briefing);
  const paper = options.paper ?? briefing.paper;
  const mapMm = mapImageSizeMm(paper);
  const w = Math.round(mapMm.widthMm * PX_PER_MM);
  const h = Math.round(mapMm.heightMm * PX_PER_MM);
  const frames = defaultFrames(bundle, briefing.frames)
    .filter((f) => f.include)
    .slice(0, options.maxMaps ?? Infinity)
    .map((f) => ({ ...f, camera: fitCamera(f.bounds, w, h, f.padding) }));
  return {
    bundle,
    briefing,
    paper,
    chart: commandChart(bundle, briefing),
    matrix: deploymentMatrix(bundle),
    locations: keyLocations(bundle),
    authorities: legalAuthorities(bundle),
    talkgroups: talkgroups(bundle),
    phases: phaseTimeline(bundle),
    frames,
    mapMm,
    powers: powersAnnex(bundle),
  };
}

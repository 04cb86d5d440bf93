/**
 * The briefing (operational order) stored with an operation: IIMARCH sections as a small block model (headings,
 * paragraphs, lists, tables; never raw HTML), the command names, a risk register, a distribution list and the
 * user's adjustments to the map frames. Every field has a default, so an operation saved before briefings existed
 * (or a .cordon file without one) reads as an empty briefing.
 */
import { z } from 'zod';

const Text = z.string().max(2000);
const LongText = z.string().max(20_000);

export const BriefBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: Text }),
  z.object({ type: z.literal('paragraph'), text: LongText }),
  z.object({ type: z.literal('list'), ordered: z.boolean().default(false), items: z.array(Text).max(200) }),
  /** The first row is the header row. */
  z.object({ type: z.literal('table'), rows: z.array(z.array(Text).max(20)).max(200) }),
]);
export type BriefBlock = z.infer<typeof BriefBlock>;

/** IIMARCH, in order. `humanRights` is the H, labelled as the user chooses (see H_LABELS). */
export const SECTION_KEYS = ['information', 'intent', 'method', 'administration', 'risk', 'communications', 'humanRights'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const H_LABELS = {
  humanRights: 'Human rights and other legal issues',
  humanitarian: 'Humanitarian issues',
} as const;
export type HLabel = keyof typeof H_LABELS;

const SECTION_TITLES: Record<Exclude<SectionKey, 'humanRights'>, string> = {
  information: 'Information',
  intent: 'Intent',
  method: 'Method',
  administration: 'Administration',
  risk: 'Risk assessment',
  communications: 'Communications',
};

export function sectionTitle(key: SectionKey, hLabel: HLabel): string {
  return key === 'humanRights' ? H_LABELS[hLabel] : SECTION_TITLES[key];
}

const Blocks = z.array(BriefBlock).max(500).default([]);

export const RISK_LEVELS = ['low', 'medium', 'high', 'very high'] as const;
export const RiskEntry = z.object({
  id: z.string().min(1).max(100),
  hazard: Text,
  likelihood: z.enum(RISK_LEVELS).default('medium'),
  impact: z.enum(RISK_LEVELS).default('medium'),
  controls: LongText.default(''),
  owner: Text.default(''),
});
export type RiskEntry = z.infer<typeof RiskEntry>;

export const DistributionEntry = z.object({
  id: z.string().min(1).max(100),
  copy: z.number().int().min(1).max(9999),
  recipient: Text,
  role: Text.default(''),
  /** yyyy-mm-dd, or empty when the copy need not be returned. */
  returnBy: z.union([z.iso.date(), z.literal('')]).default(''),
});
export type DistributionEntry = z.infer<typeof DistributionEntry>;

export const CommandPost = z.object({ name: Text.default(''), callSign: z.string().max(40).default('') });

/** A user's change to a generated map frame, keyed by the frame's stable key (e.g. `sector:<id>`, `routes`). */
export const FrameOverride = z.object({
  key: z.string().min(1).max(200),
  include: z.boolean().default(true),
  /** [west, south, east, north] degrees, replacing the frame's computed extent. */
  bounds: z.tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()]).optional(),
  /** Extra margin around the extent, as a fraction of its size. */
  padding: z.number().min(0).max(2).default(0.08),
});
export type FrameOverride = z.infer<typeof FrameOverride>;

export const PAPER_SIZES = {
  'a4-portrait': 'A4 portrait',
  'a4-landscape': 'A4 landscape',
  'a3-landscape': 'A3 landscape',
} as const;
export type PaperSize = keyof typeof PAPER_SIZES;

export const Briefing = z.object({
  /** The order's version, printed on the cover and in the page furniture. */
  version: z.string().trim().max(20).default('1.0'),
  hLabel: z.enum(['humanRights', 'humanitarian']).default('humanRights'),
  gold: CommandPost.default({ name: '', callSign: '' }),
  silver: CommandPost.default({ name: '', callSign: '' }),
  /** Call signs for the Bronzes derived from the plan, by Bronze name. */
  bronzeCallSigns: z.record(z.string().max(200), z.string().max(40)).default({}),
  sections: z
    .object({
      information: Blocks,
      intent: Blocks,
      method: Blocks,
      administration: Blocks,
      risk: Blocks,
      communications: Blocks,
      humanRights: Blocks,
    })
    .default({ information: [], intent: [], method: [], administration: [], risk: [], communications: [], humanRights: [] }),
  risks: z.array(RiskEntry).max(500).default([]),
  distribution: z.array(DistributionEntry).max(500).default([]),
  frames: z.array(FrameOverride).max(200).default([]),
  paper: z.enum(['a4-portrait', 'a4-landscape', 'a3-landscape']).default('a4-portrait'),
});
export type Briefing = z.infer<typeof Briefing>;

/** The operation's briefing with every default filled in; an unreadable one reads as empty rather than failing. */
export function readBriefing(raw: unknown): Briefing {
  const parsed = Briefing.safeParse(raw ?? {});
  return parsed.success ? parsed.data : Briefing.parse({});
}

/** Brief > Order: the IIMARCH sections, each a list of blocks (paragraphs, lists, tables). */
import { SECTION_KEYS, sectionTitle, type SectionKey } from '../../../../shared/brief/schema';
import { BlockEditor } from '../BlockEditor';
import type { BriefTabProps } from './types';

export function OrderTab({
  briefing,
  save,
  section,
  onSection: setSection,
}: BriefTabProps & { section: SectionKey; onSection: (section: SectionKey) => void }) {
  return (
    <div className="brief-order">
      <nav className="brief-sections" aria-label="IIMARCH sections">
        {SECTION_KEYS.map((k, i) => (
          <button key={k} className="btn" aria-pressed={section === k} data-testid={`brief-section-${k}`} onClick={() => setSection(k)}>
            {i + 1}. {sectionTitle(k, briefing.hLabel)} <span className="muted">({briefing.sections[k].length})</span>
          </button>
        ))}
      </nav>
      <div>
        <h2>{sectionTitle(section, briefing.hLabel)}</h2>
        <BlockEditor
          key={section}
          testId="brief-blocks"
          blocks={briefing.sections[section]}
          onChange={(blocks, label) =>
            save((b) => ({ sections: { ...b.sections, [section]: blocks } }), `${label} (${sectionTitle(section, briefing.hLabel)})`)
          }
        />
      </div>
    </div>
  );
}

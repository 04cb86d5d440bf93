/**
 * Editing one IIMARCH section as blocks: headings, paragraphs, bullet or numbered lists (one item per line) and
 * tables (one row per line, cells separated by "|", first row the header). Each block commits on blur, so one edit
 * is one command. Text only: nothing typed here is ever treated as HTML.
 */
import { TextField } from '../../app/fields';
import type { BriefBlock } from '../../../shared/brief/schema';

interface Props {
  blocks: readonly BriefBlock[];
  onChange: (blocks: BriefBlock[], label: string) => void;
  testId: string;
}

export const listToText = (items: readonly string[]) => items.join('\n');
export const textToList = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
export const tableToText = (rows: readonly (readonly string[])[]) => rows.map((r) => r.join(' | ')).join('\n');
export const textToTable = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.split('|').map((c) => c.trim()));

const NEW_BLOCKS: Record<BriefBlock['type'], BriefBlock> = {
  heading: { type: 'heading', text: 'Heading' },
  paragraph: { type: 'paragraph', text: '' },
  list: { type: 'list', ordered: false, items: [] },
  table: { type: 'table', rows: [['Column 1', 'Column 2']] },
};

export function BlockEditor({ blocks, onChange, testId }: Props) {
  const replace = (i: number, b: BriefBlock, label: string) =>
    onChange(
      blocks.map((x, j) => (j === i ? b : x)),
      label,
    );
  const move = (i: number, d: -1 | 1) => {
    const next = [...blocks];
    const [b] = next.splice(i, 1);
    if (!b) return;
    next.splice(i + d, 0, b);
    onChange(next, 'Move block');
  };
  return (
    <div data-testid={testId} className="brief-blocks">
      {blocks.map((b, i) => (
        <div key={i} className="brief-block" data-testid={`${testId}-block-${i}`}>
          <div className="row brief-block-bar">
            <span className="muted">{b.type === 'list' ? (b.ordered ? 'Numbered list' : 'Bullet list') : b.type[0]!.toUpperCase() + b.type.slice(1)}</span>
            <button className="btn" type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label="Move block up">
              ↑
            </button>
            <button className="btn" type="button" disabled={i === blocks.length - 1} onClick={() => move(i, 1)} aria-label="Move block down">
              ↓
            </button>
            <button
              className="btn danger"
              type="button"
              onClick={() =>
                onChange(
                  blocks.filter((_, j) => j !== i),
                  'Remove block',
                )
              }
              aria-label="Remove block"
            >
              Remove
            </button>
          </div>
          {b.type === 'heading' && (
            <TextField label="Heading" value={b.text} testId={`${testId}-text-${i}`} onCommit={(text) => replace(i, { ...b, text }, 'Edit heading')} />
          )}
          {b.type === 'paragraph' && (
            <TextField
              label="Paragraph"
              multiline
              value={b.text}
              testId={`${testId}-text-${i}`}
              onCommit={(text) => replace(i, { ...b, text }, 'Edit paragraph')}
            />
          )}
          {b.type === 'list' && (
            <>
              <TextField
                label="Items, one per line"
                multiline
                value={listToText(b.items)}
                testId={`${testId}-text-${i}`}
                onCommit={(t) => replace(i, { ...b, items: textToList(t) }, 'Edit list')}
              />
              <label className="checkline">
                <input type="checkbox" checked={b.ordered} onChange={(e) => replace(i, { ...b, ordered: e.target.checked }, 'Edit list')} /> Numbered
              </label>
            </>
          )}
          {b.type === 'table' && (
            <TextField
              label='Rows, one per line; cells separated by "|"; first row is the header'
              multiline
              value={tableToText(b.rows)}
              testId={`${testId}-text-${i}`}
              onCommit={(t) => replace(i, { ...b, rows: textToTable(t) }, 'Edit table')}
            />
          )}
        </div>
      ))}
      <div className="row">
        {(['heading', 'paragraph', 'list', 'table'] as const).map((t) => (
          <button key={t} className="btn" type="button" data-testid={`${testId}-add-${t}`} onClick={() => onChange([...blocks, NEW_BLOCKS[t]], `Add ${t}`)}>
            + {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
    </div>
  );
}

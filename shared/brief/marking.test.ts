import { describe, expect, it } from 'vitest';
import { markingText, type MarkingFields } from './marking';
import { pageCss, pdfHeaderFooter } from './printTemplates';

describe('markingText', () => {
  it.each<[string, MarkingFields, string]>([
    ['OFFICIAL alone', { marking: 'OFFICIAL' }, ''],
    ['a descriptor, in capitals', { marking: 'OFFICIAL-SENSITIVE', markingDescriptor: 'personal' }, 'PERSONAL'],
    [
      'descriptor and handling',
      { marking: 'OFFICIAL-SENSITIVE', markingDescriptor: 'LOCSEN', handlingInstructions: 'Not for  release' },
      'LOCSEN · Not for release',
    ],
    [
      'a descriptor left over after lowering is not printed',
      { marking: 'OFFICIAL', markingDescriptor: 'PERSONAL', handlingInstructions: 'Command team only' },
      'Command team only',
    ],
  ])('%s', (_name, fields, caveat) => {
    expect(markingText(fields)).toEqual({ marking: fields.marking, caveat });
  });
});

describe('print furniture with a caveat', () => {
  const o = { marking: 'OFFICIAL-SENSITIVE' as const, caveat: 'PERSONAL · <Command> "team"', title: 'Operation Wren', version: '1.0' };

  it('prints the caveat under the marking at top and bottom of the PDF, escaped', () => {
    const { headerTemplate, footerTemplate } = pdfHeaderFooter(o);
    for (const t of [headerTemplate, footerTemplate]) {
      expect(t).toContain('OFFICIAL-SENSITIVE<span style="display:block');
      expect(t).toContain('PERSONAL · &#60;Command&#62; &#34;team&#34;');
    }
  });

  it('puts it on a second line of the window.print margin boxes', () => {
    const css = pageCss('a4-portrait', 'css', o);
    expect(css).toContain('@top-center { content: "OFFICIAL-SENSITIVE" "\\A" "PERSONAL · <Command> \\"team\\""; ');
    expect(css).toContain('white-space: pre');
  });

  it('is unchanged without one', () => {
    expect(pdfHeaderFooter({ ...o, caveat: '' }).headerTemplate).not.toContain('display:block');
  });
});

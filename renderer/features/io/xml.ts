/**
 * XML parsing through the platform's DOMParser (global in browsers and Electron's renderer). Node tests install
 * @xmldom/xmldom's DOMParser on globalThis before calling in.
 */
import { err, ok, type Result } from '../../../shared/util/result';
import { errorMessage } from './text';

export function parseXml(text: string): Result<Document> {
  const Parser = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  if (!Parser) return err('XML cannot be read here: no DOMParser is available');
  // Entity declarations are the classic XML attack (entity expansion); no KML or GPX producer needs them.
  if (/<!ENTITY/i.test(text)) return err('the XML declares entities (<!ENTITY ...>), which Cordon does not accept');
  let doc: Document;
  try {
    doc = new Parser().parseFromString(text, 'text/xml');
  } catch (e) {
    return err(`the file is not well-formed XML: ${firstLine(errorMessage(e))}`);
  }
  const problem = doc.getElementsByTagName('parsererror')[0];
  if (problem) return err(`the file is not well-formed XML: ${firstLine(problem.textContent ?? '')}`);
  if (!doc.documentElement) return err('the file is not well-formed XML: it has no root element');
  return ok(doc);
}

/** The root element's local name, lower-cased, without any namespace prefix. */
export function rootName(doc: Document): string {
  const el = doc.documentElement;
  const name = el.localName || el.nodeName;
  return name.replace(/^.*:/, '').toLowerCase();
}

function firstLine(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

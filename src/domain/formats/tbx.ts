/**
 * TBX glossaries. Writes TBX-Basic in TBX v3 (ISO 30042:2019, DCA style: `<tbx type="TBX-Basic"
 * style="dca">`, `conceptEntry` / `langSec` / `termSec`). Reads both that and TBX v2 (`<martif>`,
 * `termEntry` / `langSet` / `tig` or `ntig`).
 *
 * Mapping: the entry note is a `<note>` of the concept entry; the part of speech is a
 * `termNote type="partOfSpeech"` of the source term; allowed translations are terms with
 * administrativeStatus preferredTerm-admn-sts (the first) or admittedTerm-admn-sts; forbidden
 * variants are deprecatedTerm-admn-sts (supersededTerm-admn-sts is read as forbidden too).
 */
import { ValidationError } from '../errors.js';
import { normalizeLang } from '../lang.js';
import { sameLanguage } from '../qa/lang.js';
import type { GlossaryEntry, GlossaryTargets } from './glossary.js';
import { checkGlossaryEntries } from '../glossary.js';
import { childElements, escapeXml, findElements, langOf, parseXml, textContent, type XmlElement } from './xml.js';

const FORBIDDEN_STATUS = new Set(['deprecatedTerm-admn-sts', 'supersededTerm-admn-sts', 'deprecatedTerm', 'supersededTerm']);

/** Writes entries as TBX-Basic (TBX v3, DCA style). */
export function writeTbx(entries: readonly GlossaryEntry[], options: { sourceLang?: string } = {}): string {
  const sourceLang = options.sourceLang ?? 'zh';
  const termSec = (term: string, notes: [string, string][], where: string) =>
    `        <termSec><term>${escapeXml(term, where)}</term>${notes.map(([type, v]) => `<termNote type="${type}">${escapeXml(v, where)}</termNote>`).join('')}</termSec>`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx type="TBX-Basic" style="dca" xml:lang="${escapeXml(sourceLang)}" xmlns="urn:iso:std:iso:30042:ed-2">`,
    '  <tbxHeader><fileDesc><sourceDesc><p>bitext glossary</p></sourceDesc></fileDesc></tbxHeader>',
    '  <text>',
    '    <body>',
  ];
  entries.forEach((e, i) => {
    const where = `glossary entry ${i + 1}`;
    out.push(`    <conceptEntry id="c${i + 1}">`);
    if (e.note) out.push(`      <note>${escapeXml(e.note, where)}</note>`);
    out.push(
      `      <langSec xml:lang="${escapeXml(sourceLang)}">`,
      termSec(e.source, e.pos ? [['partOfSpeech', e.pos]] : [], where),
      '      </langSec>',
    );
    for (const t of e.targets) {
      out.push(`      <langSec xml:lang="${escapeXml(t.lang)}">`);
      t.terms.forEach((term, k) =>
        out.push(termSec(term, [['administrativeStatus', k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts']], where)),
      );
      for (const term of t.forbidden) out.push(termSec(term, [['administrativeStatus', 'deprecatedTerm-admn-sts']], where));
      out.push('      </langSec>');
    }
    out.push('    </conceptEntry>');
  });
  out.push('    </body>', '  </text>', '</tbx>', '');
  return out.join('\n');
}

/** A termNote's value by type inside a term section (any depth: ntig/termGrp). */
function termNote(sec: XmlElement, type: string): string | undefined {
  const n = findElements(sec, 'termNote').find((x) => x.attrs.type === type);
  return n ? textContent(n).trim() : undefined;
}

const fail = (message: string, details: Record<string, unknown> = {}): never => {
  throw new ValidationError(`TBX: ${message}`, details, 'invalid_tbx');
};

/** Reads TBX v3 (`tbx`) or TBX v2 (`martif`) glossary entries; throws naming the line or entry. */
export function readTbx(xml: string, options: { sourceLang?: string } = {}): GlossaryEntry[] {
  const sourceLang = options.sourceLang ?? 'zh';
  const root = parseXml(xml, 'TBX');
  if (root.name !== 'tbx' && root.name !== 'martif') fail(`the root element is <${root.name}>, not <tbx> or <martif>`);
  const text = childElements(root, 'text')[0] ?? fail('no <text>');
  const body = childElements(text, 'body')[0] ?? fail('no <body> in <text>');
  const concepts = childElements(body, 'conceptEntry', 'termEntry');
  const entries = concepts.map((ce, i): GlossaryEntry => {
    const where = `<${ce.name}> ${i + 1}${ce.attrs.id ? ` (id ${ce.attrs.id})` : ''}`;
    let source: string | undefined;
    let pos: string | undefined;
    const targets: GlossaryTargets[] = [];
    for (const ls of childElements(ce, 'langSec', 'langSet')) {
      const rawLang = langOf(ls) ?? fail(`${where}: <${ls.name}> has no xml:lang`, { entry: i + 1 });
      let lang: string;
      try {
        lang = normalizeLang(rawLang);
      } catch {
        return fail(`${where}: xml:lang "${rawLang}" is not a language code`, { entry: i + 1 });
      }
      const secs = childElements(ls, 'termSec', 'tig', 'ntig');
      if (sameLanguage(lang, sourceLang) && source === undefined) {
        const sec = secs[0];
        const term = sec && findElements(sec, 'term')[0];
        if (sec && term) {
          source = textContent(term).trim();
          pos = termNote(sec, 'partOfSpeech');
        }
        continue;
      }
      const t: GlossaryTargets = targets.find((x) => x.lang === lang) ?? { lang, terms: [], forbidden: [] };
      if (!targets.includes(t)) targets.push(t);
      for (const sec of secs) {
        const term = findElements(sec, 'term')[0];
        if (!term) fail(`${where}: a <${sec.name}> of ${lang} has no <term>`, { entry: i + 1 });
        const value = textContent(term!).trim();
        const status = termNote(sec, 'administrativeStatus') ?? termNote(sec, 'normativeAuthorization');
        (status && FORBIDDEN_STATUS.has(status) ? t.forbidden : t.terms).push(value);
      }
    }
    if (!source) fail(`${where} has no ${sourceLang} term`, { entry: i + 1 });
    const note = childElements(ce, 'note', 'descrip').filter((n) => n.name === 'note' || n.attrs.type === 'definition')[0];
    const entry: GlossaryEntry = { source: source!, targets: targets.filter((t) => t.terms.length || t.forbidden.length) };
    if (pos) entry.pos = pos;
    if (note) entry.note = textContent(note).trim();
    return entry;
  });
  checkGlossaryEntries(
    entries,
    'TBX',
    (i) => `<${concepts[i]!.name}> ${i + 1}${concepts[i]!.attrs.id ? ` (id ${concepts[i]!.attrs.id})` : ''}`,
  );
  return entries;
}

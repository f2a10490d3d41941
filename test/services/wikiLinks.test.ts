/**
 * Wiki links `[[zh:法国]]` end to end: the page is protected, the display text is translated (by MT in
 * its sentence, by OpenCC), targets get the piped form `[[zh:法国|France]]`, QA checks the pages (a
 * link left out is a warning that does not block review), and glossary terms are found inside the
 * link text. Real database, DeepL through the local stub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { AuthUser } from '../../src/db/users.js';
import { createUser } from '../../src/services/auth/authService.js';
import { draftDocumentTargets } from '../../src/services/chineseTargetsService.js';
import { saveFromEditor } from '../../src/services/editorService.js';
import { pretranslate } from '../../src/services/pretranslate/run.js';
import { runDocumentQa, type GlossaryLoader } from '../../src/services/qaService.js';
import { freshDb } from '../helpers/db.js';
import { importText, noSleep, segmentsWith, stubProvider } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub, type StubTranslateInput } from '../mt/deeplStub.js';

// A fake engine that translates word by word and leaves tags alone, as DeepL does with tag handling.
const WORDS: [string, string][] = [
  ['媒体报道', ' media reported'],
  ['会见了', ' met '],
  ['访问了', ' visited '],
  ['习主席', 'President Xi'],
  ['白宫', 'the White House'],
  ['法国', 'France'],
  ['迈克', 'Mike'],
  ['约翰', 'John'],
  ['发言', ' spoke'],
  ['据', 'According to '],
  ['逊', 'son'],
  ['，', ','],
  ['。', '.'],
];
const fakeEnglish = ({ text }: StubTranslateInput): string => WORDS.reduce((t, [zh, en]) => t.split(zh).join(en), text);

const SOURCE = ['据[[zh:法国]]媒体报道。', '[[zh:迈克]]·[[zh:约翰]]逊访问了[[zh:白宫]]。', '[[zh:习近平|习主席]]发言。', '[[zh:法国]]'];

const glossary: GlossaryLoader = async () => [{ source: '白宫', lang: 'en', target: ['the White House'], forbidden: ['Whitehouse'] }];

let db: Db;
let stub: DeepLStub;
let doc: number;
let rita: AuthUser;

beforeAll(async () => {
  ({ db } = await freshDb());
  stub = await startDeepLStub({ translate: fakeEnglish });
  doc = await importText(db, 'gnews', 'wiki.md', SOURCE.join('\n\n') + '\n', ['en', 'zh-Hant']);
  rita = await createUser(db, 'rita', 'reviewer', 'rita-password-long');
});
afterAll(async () => {
  await stub.close();
  await db.$disconnect();
});

describe('wiki links through machine translation, OpenCC, QA and the glossary', () => {
  it('sends the display text inside a pair tag and stores piped links whose pages are unchanged', async () => {
    await pretranslate(db, { provider: stubProvider(stub), scope: { documentId: doc }, langs: ['en'], retry: noSleep });
    const sent = stub.translateRequests().flatMap((r) => [r.params.text ?? []].flat());
    expect(sent).toContain('据<m i="1">法国</m>媒体报道。');
    // A paragraph that is only a wiki link has text to translate now.
    expect(sent).toContain('<m i="1">法国</m>');
    const drafts = (await segmentsWith(db, doc, 'en')).map((s) => s.translations[0]?.text);
    expect(drafts).toEqual([
      'According to [[zh:法国|France]] media reported.',
      '[[zh:迈克|Mike]]·[[zh:约翰|John]]son visited [[zh:白宫|the White House]].',
      '[[zh:习近平|President Xi]] spoke.',
      '[[zh:法国|France]]',
    ]);
  });

  it('finds no markup error in the machine drafts', async () => {
    const report = await runDocumentQa(db, doc, 'en', { glossary });
    expect(report.segments.flatMap((s) => s.issues.filter((i) => i.check === 'markup'))).toEqual([]);
  });

  it.each([
    // [why, segment, target, issues as [check, severity, message], reviewable]
    [
      'a merged split name drops two links: warnings, review allowed',
      1,
      'Mike Johnson visited [[zh:白宫|the White House]].',
      [
        ['markup', 'warning', 'The wiki link zh:迈克 of the source is missing in the target.'],
        ['markup', 'warning', 'The wiki link zh:约翰 of the source is missing in the target.'],
      ],
      true,
    ],
    [
      'plain text instead of the link: a warning',
      0,
      'According to French media.',
      [['markup', 'warning', 'The wiki link zh:法国 of the source is missing in the target.']],
      true,
    ],
    [
      'the unpiped source link kept: Chinese left in the English text',
      0,
      'According to [[zh:法国]] media reported.',
      [['untranslated', 'warning', 'Chinese text "法国" left in the target.']],
      true,
    ],
    [
      'a translated page is a broken link: an error that blocks review',
      0,
      'According to [[en:France]] media.',
      [
        ['markup', 'warning', 'The wiki link zh:法国 of the source is missing in the target.'],
        ['markup', 'error', 'The target has a wiki link en:France that the source does not have.'],
      ],
      false,
    ],
    [
      'a glossary term inside the link text is checked',
      1,
      '[[zh:迈克|Mike]]·[[zh:约翰|John]]son visited [[zh:白宫|Whitehouse]].',
      [
        ['glossary', 'warning', 'Glossary: "白宫" should be translated as "the White House".'],
        ['glossary', 'error', 'Glossary: "Whitehouse" must not be used for "白宫".'],
      ],
      false,
    ],
  ] as const)('%s', async (_why, index, text, expected, reviewable) => {
    const seg = (await segmentsWith(db, doc, 'en'))[index]!;
    const version = seg.translations[0]?.version ?? 0;
    const save = saveFromEditor(db, { segmentId: seg.id, lang: 'en', text, status: 'reviewed', version, user: rita, qa: { glossary } });
    if (reviewable) {
      const saved = await save;
      expect(saved.status).toBe('reviewed');
      expect(saved.qa.issues.map((i) => [i.check, i.severity, i.message])).toEqual(expected);
    } else {
      await expect(save).rejects.toMatchObject({ code: 'qa_errors' });
      const draft = await saveFromEditor(db, { segmentId: seg.id, lang: 'en', text, version, user: rita, qa: { glossary } });
      expect(draft.qa.issues.map((i) => [i.check, i.severity, i.message])).toEqual(expected);
    }
  });

  it('converts display texts with OpenCC, keeps the pages, and pipes only links whose text changed', async () => {
    await draftDocumentTargets(db, doc, ['zh-Hant']);
    expect((await segmentsWith(db, doc, 'zh-Hant')).map((s) => s.translations[0]?.text)).toEqual([
      '據[[zh:法国|法國]]媒體報道。',
      '[[zh:迈克|邁克]]·[[zh:约翰|約翰]]遜訪問了[[zh:白宫|白宮]]。',
      '[[zh:习近平|習主席]]發言。',
      '[[zh:法国|法國]]',
    ]);
    const report = await runDocumentQa(db, doc, 'zh-Hant');
    expect(report.errors).toBe(0);
    expect(report.segments.flatMap((s) => s.issues.filter((i) => i.check === 'markup' || i.check === 'script'))).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLOSSARY_SAMPLE } from '../../helpers/fixtures.js';
import { ValidationError } from '../../../src/domain/errors.js';
import { readGlossaryCsv, type GlossaryEntry } from '../../../src/domain/formats/glossary.js';
import { readTbx, writeTbx } from '../../../src/domain/formats/tbx.js';

const sample = readFileSync(GLOSSARY_SAMPLE, 'utf8');

const entries: GlossaryEntry[] = [
  {
    source: '川普',
    pos: 'properNoun',
    note: 'person & <US>',
    targets: [
      { lang: 'en', terms: ['Trump', 'Donald Trump'], forbidden: ['Chuan Pu'] },
      { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
    ],
  },
  { source: '白宫', targets: [{ lang: 'zh-Hant', terms: ['白宮'], forbidden: [] }] },
];

describe('TBX write (TBX-Basic, TBX v3 DCA)', () => {
  const xml = writeTbx(entries);

  it('writes a TBX v3 root in the TBX-Basic dialect with the source language', () => {
    expect(xml).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2">');
    expect(xml).toContain('<conceptEntry id="c1">');
  });

  it('marks the first translation preferred, others admitted and forbidden ones deprecated', () => {
    expect(xml).toContain('<term>Trump</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>');
    expect(xml).toContain('<term>Donald Trump</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>');
    expect(xml).toContain('<term>Chuan Pu</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>');
    expect(xml).toContain('<note>person &amp; &lt;US&gt;</note>');
  });

  it('round-trips: write → read → equal', () => {
    expect(readTbx(xml)).toEqual(entries);
  });

  it('round-trips the shared sample glossary', () => {
    const fromCsv = readGlossaryCsv(sample);
    expect(readTbx(writeTbx(fromCsv))).toEqual(fromCsv);
  });
});

describe('TBX v2 (martif) read', () => {
  const martif = `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>other tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="definition">Seat of the Russian government</descrip>
      <langSet xml:lang="zh-CN"><tig><term>克里姆林宫</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
      <langSet xml:lang="en-US"><tig><term>Kremlin</term></tig><ntig><termGrp><term>the Kremlin Palace</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig></langSet>
      <langSet xml:lang="ru"><tig><term>Кремль</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
  </body></text>
</martif>`;

  it('reads termEntry / langSet / tig and ntig, with language variants of the source', () => {
    expect(readTbx(martif)).toEqual([
      {
        source: '克里姆林宫',
        pos: 'noun',
        note: 'Seat of the Russian government',
        targets: [
          { lang: 'en-US', terms: ['Kremlin'], forbidden: ['the Kremlin Palace'] },
          { lang: 'ru', terms: ['Кремль'], forbidden: [] },
        ],
      },
    ]);
  });
});

describe('malformed TBX is refused with a ValidationError naming the line or element', () => {
  const wrap = (entry: string) => `<tbx type="TBX-Basic"><text><body>${entry}</body></text></tbx>`;
  it.each([
    ['<tbx>\n<text>\n<body></text></tbx>', /^TBX: line 3, column \d+: /],
    ['<glossary/>', 'TBX: the root element is <glossary>, not <tbx> or <martif>'],
    ['<tbx><text/></tbx>', 'TBX: no <body> in <text>'],
    [
      wrap('<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>a</term></termSec></langSec></conceptEntry>'),
      'TBX: <conceptEntry> 1 (id x) has no zh term',
    ],
    [
      wrap('<conceptEntry><langSec><termSec><term>a</term></termSec></langSec></conceptEntry>'),
      'TBX: <conceptEntry> 1: <langSec> has no xml:lang',
    ],
    [
      wrap(
        '<conceptEntry><langSec xml:lang="zh"><termSec><term>甲</term></termSec></langSec><langSec xml:lang="en"><termSec/></langSec></conceptEntry>',
      ),
      'TBX: <conceptEntry> 1: a <termSec> of en has no <term>',
    ],
    [
      wrap('<conceptEntry><langSec xml:lang="not a lang"><termSec><term>a</term></termSec></langSec></conceptEntry>'),
      'TBX: <conceptEntry> 1: xml:lang "not a lang" is not a language code',
    ],
  ])('%j', (xml, message) => {
    expect(() => readTbx(xml)).toThrow(ValidationError);
    expect(() => readTbx(xml)).toThrow(message);
  });
});

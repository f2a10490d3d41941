/**
 * The OpenCC configurations that bitext runs on its own engine ({@link createEngineConverter})
 * over OpenCC's upstream dictionaries (`opencc-data/`), as OpenCC's `t2s.json`, `s2hkp.json` and
 * `hk2sp.json` define them. Pure logic; dictionaries are parsed on first use.
 */
import { createEngineConverter, parseOpenccDict, type DictSpec, type OpenccDict } from './openccEngine.js';
import CJK_Compatibility_Ideographs from './opencc-data/CJK_Compatibility_Ideographs.js';
import HKPhrases from './opencc-data/HKPhrases.js';
import HKPhrasesRev from './opencc-data/HKPhrasesRev.js';
import HKVariants from './opencc-data/HKVariants.js';
import HKVariantsPhrases from './opencc-data/HKVariantsPhrases.js';
import HKVariantsRev from './opencc-data/HKVariantsRev.js';
import HKVariantsRevPhrases from './opencc-data/HKVariantsRevPhrases.js';
import STCharacters from './opencc-data/STCharacters.js';
import STPhrases from './opencc-data/STPhrases.js';
import STPhrases_GeneratedFromRegionalPhrases from './opencc-data/STPhrases_GeneratedFromRegionalPhrases.js';
import TSCharacters from './opencc-data/TSCharacters.js';
import TSCharactersExt from './opencc-data/TSCharactersExt.js';
import TSPhrases from './opencc-data/TSPhrases.js';

/** Configurations converted by bitext's own engine instead of opencc-js. */
export const ENGINE_CONFIG_NAMES = ['t2s', 's2hkp', 'hk2sp'] as const;

/** One of {@link ENGINE_CONFIG_NAMES}. */
export type EngineConfigName = (typeof ENGINE_CONFIG_NAMES)[number];

const TEXTS = {
  CJK_Compatibility_Ideographs,
  HKPhrases,
  HKPhrasesRev,
  HKVariants,
  HKVariantsPhrases,
  HKVariantsRev,
  HKVariantsRevPhrases,
  STCharacters,
  STPhrases,
  STPhrases_GeneratedFromRegionalPhrases,
  TSCharacters,
  TSCharactersExt,
  TSPhrases,
};

const parsed = new Map<keyof typeof TEXTS, OpenccDict>();
function dict(name: keyof typeof TEXTS): OpenccDict {
  let d = parsed.get(name);
  if (!d) {
    d = parseOpenccDict(TEXTS[name]);
    parsed.set(name, d);
  }
  return d;
}
const union = (...dicts: DictSpec[]): DictSpec => ({ policy: 'union', dicts });
const first = (...dicts: DictSpec[]): DictSpec => ({ policy: 'short_circuit', dicts });

/** True when `name` is converted by bitext's own engine. */
export function isEngineConfig(name: string): name is EngineConfigName {
  return (ENGINE_CONFIG_NAMES as readonly string[]).includes(name);
}

/** Builds the converter of one engine configuration (parses the dictionaries it needs, once). */
export function buildEngineConverter(name: EngineConfigName): (text: string) => string {
  const normalization = dict('CJK_Compatibility_Ideographs');
  const toSimplified = first(dict('TSPhrases'), dict('TSCharactersExt'), dict('TSCharacters'));
  switch (name) {
    case 't2s':
      return createEngineConverter({ normalization, chain: [toSimplified] });
    case 's2hkp': {
      const phrases = union(dict('STPhrases'), dict('STPhrases_GeneratedFromRegionalPhrases'));
      return createEngineConverter({
        normalization,
        segmentation: phrases,
        chain: [first(phrases, dict('STCharacters')), first(dict('HKPhrases'), dict('HKVariantsPhrases'), dict('HKVariants'))],
      });
    }
    case 'hk2sp':
      return createEngineConverter({
        normalization,
        segmentation: dict('TSPhrases'),
        chain: [first(dict('HKPhrasesRev'), dict('HKVariantsRevPhrases'), dict('HKVariantsRev')), toSimplified],
      });
  }
}

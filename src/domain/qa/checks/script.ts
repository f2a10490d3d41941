/**
 * Script check for Chinese targets: Simplified-only characters in a Traditional target (zh-Hant,
 * zh-TW, zh-HK) or Traditional-only characters in a Simplified one. A warning: some characters
 * are shared by both scripts in some words (see scriptStats).
 */
import { scriptStats } from '../../convert.js';
import { chineseScript } from '../lang.js';
import { issue, textRuns } from '../text.js';
import type { QaCheck } from '../types.js';

export const scriptCheck: QaCheck = {
  id: 'script',
  severity: 'warning',
  description: 'A Traditional Chinese target has no Simplified-only characters, and the reverse',
  appliesTo: (lang) => chineseScript(lang) !== undefined,
  run(ctx) {
    const script = chineseScript(ctx.targetLang);
    const runs = textRuns(ctx.target, ctx);
    const stats = scriptStats(runs.map((r) => r.text).join('\n'));
    const chars = script === 'Hant' ? stats.simplifiedChars : stats.traditionalChars;
    if (chars.length === 0) return [];
    const first = runs.map((r) => ({ r, at: r.text.indexOf(chars[0]!) })).find((x) => x.at >= 0);
    const start = first ? first.r.start + first.at : undefined;
    const what = script === 'Hant' ? 'Simplified' : 'Traditional';
    return [
      issue(
        scriptCheck,
        script === 'Hant' ? 'scriptSimplified' : 'scriptTraditional',
        `${what} characters in a ${script === 'Hant' ? 'Traditional' : 'Simplified'} Chinese target: ${chars.join(' ')}.`,
        {
          params: { chars: chars.join(' ') },
          ...(start !== undefined ? { start, end: start + chars[0]!.length } : {}),
        },
      ),
    ];
  },
};

import { describe, expect, it } from 'vitest';
import { toTagged } from '../../src/domain/mtTags.js';
import { nothingToTranslate } from '../../src/domain/mtSkip.js';

describe('nothingToTranslate: texts never sent to machine translation (they would be billed for nothing)', () => {
  it.each([
    { md: 'https://gnews.org/zh/12345/', skip: true, why: 'only a bare URL' },
    { md: '<https://gnews.org/a>', skip: true, why: 'only an autolink' },
    { md: '![](https://x.cn/a.png)', skip: true, why: 'only an image' },
    { md: '`npm install`', skip: true, why: 'only inline code' },
    { md: '<br>', skip: true, why: 'only HTML' },
    { md: '**2020-11-08**', skip: true, why: 'markup around a date' },
    { md: '—— 12:30 ——', skip: true, why: 'punctuation and numbers' },
    { md: '[https://gnews.org](https://gnews.org)', skip: true, why: 'a link whose text is itself a URL' },
    { md: '**转载自GNews**', skip: false, why: 'words inside markup' },
    { md: '第1段', skip: false, why: 'Chinese words with a number' },
    { md: 'GNews', skip: false, why: 'a Latin word (a name may still be transliterated)' },
    { md: '😀 !', skip: true, why: 'emoji and punctuation' },
  ])('$why: $md → $skip', ({ md, skip }) => {
    expect(nothingToTranslate(toTagged(md).xml)).toBe(skip);
  });
});

import { describe, expect, it } from 'vitest';
import { humanBytes } from '../../src/domain/bytes.js';

// A refusal such as "the file is 13316915 bytes" says nothing to a translator: sizes are shown as people read them.
describe('humanBytes', () => {
  it.each([
    [512, 'en', '512 bytes'],
    [2048, 'en', '2 kB'],
    [Math.round(12.7 * 1024 * 1024), 'en', '12.7 MB'],
    [10 * 1024 * 1024, 'en', '10 MB'],
    [Math.round(12.7 * 1024 * 1024), 'ru', '12,7 МБ'],
    [10 * 1024 * 1024, 'ru', '10 МБ'],
    [Math.round(12.1 * 1024 * 1024), 'zh-Hans', '12.1 MB'],
    [3 * 1024 ** 3, 'en', '3 GB'],
  ])('%d bytes in %s is "%s"', (bytes, locale, shown) => {
    expect(humanBytes(bytes, locale).replace(/\u00a0/g, ' ')).toBe(shown);
  });
});

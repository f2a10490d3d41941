import { describe, expect, it } from 'vitest';
import { safeDocumentPath } from '../../src/domain/paths.js';

describe('safeDocumentPath', () => {
  it.each([
    ['article.md', 'article.md'],
    ['folder/sub/a.md', 'folder/sub/a.md'],
    ['../../etc/passwd', 'etc/passwd'],
    ['/abs/path.md', 'abs/path.md'],
    ['C:\\Users\\x\\a.md', 'C:/Users/x/a.md'],
    ['a/./b/../c.md', 'a/b/c.md'],
    ['新闻/报道\u0000.md', '新闻/报道.md'],
  ])('%j becomes %j', (input, output) => expect(safeDocumentPath(input)).toBe(output));

  it.each(['', '../..', '/', '\u0001'])('refuses %j', (input) => expect(() => safeDocumentPath(input)).toThrow(/empty once cleaned/));
});

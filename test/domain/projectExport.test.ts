import { describe, expect, it } from 'vitest';
import {
  checkRelativePath,
  documentBaseName,
  exportTargetKey,
  outputPathOf,
  parseChangedSince,
  uniqueOutputPaths,
} from '../../src/domain/projectExport.js';

describe('checkRelativePath: nothing leaves the output folder', () => {
  it.each(['a.md', 'politics/a.md', '国际/报道 1.txt', 'a..b.md', '.hidden/x.md'])('accepts %s', (p) => {
    expect(checkRelativePath(p)).toBe(p);
  });
  it.each([
    ['../evil.md', 'parent folder'],
    ['a/../../evil.md', 'parent folder in the middle'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/x.md', 'drive letter'],
    ['a\\..\\evil.md', 'backslashes'],
    ['a//b.md', 'empty part'],
    ['./a.md', 'dot part'],
    ['a/\u0000.md', 'control character'],
    ['', 'empty path'],
  ])('refuses %s (%s)', (p) => {
    expect(() => checkRelativePath(p)).toThrow(/would leave the output folder/);
  });
});

describe('output paths', () => {
  it.each([
    {
      stored: 'politics/a.txt',
      name: 'a.md',
      source: true,
      want: 'politics/a.txt',
      why: 'the source layout keeps the stored path (the original file)',
    },
    {
      stored: 'politics/a.txt',
      name: 'a.interleaved.en+ru.md',
      source: false,
      want: 'politics/a.interleaved.en+ru.md',
      why: 'other layouts: the download name in the stored folder',
    },
    { stored: 'a.md', name: 'a.en.xliff', source: false, want: 'a.en.xliff', why: 'a document at the top stays at the top' },
  ])('$why', ({ stored, name, source, want }) => {
    expect(outputPathOf(stored, name, source)).toBe(want);
  });

  it('gives colliding documents their own extension in the name, and leaves the others alone', () => {
    const docs = [
      { storedPath: 'x/a.md', downloadName: 'a.target.en.md' },
      { storedPath: 'x/a.txt', downloadName: 'a.target.en.md' },
      { storedPath: 'x/b.md', downloadName: 'b.target.en.md' },
      { storedPath: 'y/a.md', downloadName: 'a.target.en.md' },
    ];
    expect(uniqueOutputPaths(docs, false)).toEqual(['x/a.md.target.en.md', 'x/a.txt.target.en.md', 'x/b.target.en.md', 'y/a.target.en.md']);
  });

  it('names the stem of a document', () => {
    expect([documentBaseName('a/b/seed.article.txt'), documentBaseName('seed'), documentBaseName('x/.md')]).toEqual([
      'seed.article',
      'seed',
      'document',
    ]);
  });
});

describe('--changed-since and the remembered target', () => {
  it.each([
    ['last', 'last'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T08:30Z', '2026-12-01T08:30:00.000Z'],
    ['2026-12-01T08:30:15+08:00', '2026-12-01T00:30:15.000Z'],
    ['2026-12-01 08:30:15.250Z', '2026-12-01T08:30:15.250Z'],
  ])('reads %s', (value, want) => {
    const got = parseChangedSince(value);
    expect(got === 'last' ? got : got.toISOString()).toBe(want);
  });

  it.each(['yesterday', '2026-13-01', '2026-12-01T25:00Z', '12/01/2026', ''])('refuses %j naming the option', (value) => {
    expect(() => parseChangedSince(value)).toThrow(`--changed-since: "${value}" is neither "last" nor a date`);
  });

  it('keys the last export by layout, languages, format, conversion and untranslated marks (each changes the bytes)', () => {
    expect(exportTargetKey({ layout: 'interleaved', langs: ['en', 'ru'], format: 'markdown' })).toBe('interleaved|en,ru|markdown|');
    expect(exportTargetKey({ layout: '', langs: ['en'], format: 'xliff', convert: undefined })).toBe('|en|xliff|');
    expect(exportTargetKey({ layout: 'target', langs: ['zh-TW'], format: 'markdown', convert: 's2twp' })).toBe(
      'target|zh-TW|markdown|s2twp',
    );
    expect(exportTargetKey({ layout: 'target', langs: ['en'], format: 'markdown', mark: true })).toBe('target|en|markdown||mark');
  });
});

import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeFile } from '../../src/domain/decode.js';
import { ImportRefused } from '../../src/domain/errors.js';

const LIMIT = 1024 * 1024;
const simplified =
  '俄罗斯总统弗拉基米尔·普京和美国总统乔·拜登将于6月16日在日内瓦会晤。\r\n塔斯社汇编了迄今已知的有关领导人接触和即将举行的会晤的主要内容。\r\n';
const traditional = '台灣的總統府發言人表示，將與美國持續合作，維護區域和平與穩定。\r\n這是雙方的共同目標。\r\n';

describe('decodeFile accepts text', () => {
  it.each([
    {
      name: 'UTF-8 keeps a BOM and CRLF',
      bytes: Buffer.from('\uFEFF' + simplified),
      text: '\uFEFF' + simplified,
      encoding: 'utf-8',
      note: '',
    },
    {
      name: 'GB18030 is converted with a note',
      bytes: iconv.encode(simplified, 'gb18030'),
      text: simplified,
      encoding: 'gb18030',
      note: 'converted from GB18030/GBK to UTF-8',
    },
    {
      name: 'GBK is read as GB18030 (a superset)',
      bytes: iconv.encode(simplified, 'gbk'),
      text: simplified,
      encoding: 'gb18030',
      note: 'converted from GB18030/GBK to UTF-8',
    },
    {
      name: 'Big5 is converted with a note',
      bytes: iconv.encode(traditional, 'big5'),
      text: traditional,
      encoding: 'big5',
      note: 'converted from Big5 to UTF-8',
    },
    {
      name: 'UTF-16LE with BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(simplified, 'utf-16le')]),
      text: '\uFEFF' + simplified,
      encoding: 'utf-16le',
      note: 'converted from UTF-16LE to UTF-8',
    },
  ])('$name', ({ bytes, text, encoding, note }) => {
    expect(decodeFile('a.md', bytes, LIMIT)).toEqual({ text, encoding, note });
  });
});

describe('decodeFile refuses what is not text, naming the file', () => {
  it.each([
    { name: 'empty file', bytes: Buffer.alloc(0), code: 'file_empty', message: /bad\.md: the file is empty/ },
    {
      name: 'binary file (NUL bytes)',
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]),
      code: 'file_binary',
      message: /bad\.md: the file is binary/,
    },
    {
      name: 'undecodable bytes',
      bytes: Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xfd, 0x80, 0x81, 0x82]),
      code: 'file_undecodable',
      message: /bad\.md: the file is neither/,
    },
    {
      name: 'over the size limit',
      bytes: Buffer.alloc(2048, 0x61),
      code: 'file_too_large',
      message: /bad\.md: the file is 2048 bytes, over the limit of 1024/,
    },
  ])('$name', ({ bytes, code, message }) => {
    const limit = code === 'file_too_large' ? 1024 : LIMIT;
    let error: unknown;
    try {
      decodeFile('bad.md', bytes, limit);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error).toMatchObject({ code, status: 422 });
    expect((error as Error).message).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/adapter.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['file:data/bitext.db', { provider: 'sqlite', file: 'data/bitext.db' }],
    ['file:///tmp/x.db', { provider: 'sqlite', file: '/tmp/x.db' }],
    ['postgres://bitext:pw@db:5432/bitext', { provider: 'postgresql', database: 'bitext' }],
    ['postgresql://postgres@127.0.0.1/news%20desk?sslmode=disable', { provider: 'postgresql', database: 'news desk' }],
  ])('accepts %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toMatchObject({ ...expected, url });
  });

  it.each([
    ['file:', /names no file/],
    ['postgres://bitext:s3cret@db:5432/', /names no database/],
    ['mysql://bitext:s3cret@db/bitext', /not supported: use file:PATH for SQLite or postgres:\/\//],
  ])('refuses %s with a message that hides the password', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
    try {
      parseDatabaseUrl(url);
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig, redactUrl } from '../src/config.js';

describe('DATABASE_URL', () => {
  it.each(['file:data/bitext.db', 'postgres://bitext:pw@db:5432/bitext', 'postgresql://postgres@127.0.0.1:5432/bitext'])(
    'accepts %s',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it('defaults to the SQLite file under data/', () => {
    expect(loadConfig({}).DATABASE_URL).toMatch(/^file:data[/\\]bitext\.db$/);
  });

  it.each(['mysql://u:p@h/db', 'data/bitext.db', 'sqlite:x.db'])('refuses %s naming both accepted forms', (url) => {
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /DATABASE_URL: must be file:PATH \(SQLite\), e\.g\. file:\.\/data\/bitext\.db, or postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE \(PostgreSQL\)/,
    );
  });

  it.each([
    ['postgresql://bitext:s3cr3t@db:5432/bitext', 'postgresql://bitext:***@db:5432/bitext'],
    ['postgres://bitext:s%40cr3t@db/bitext?sslmode=require', 'postgres://bitext:***@db/bitext?sslmode=require'],
    ['postgresql://postgres@127.0.0.1:5432/bitext', 'postgresql://postgres@127.0.0.1:5432/bitext'],
  ])('masks the password of %s in logs', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

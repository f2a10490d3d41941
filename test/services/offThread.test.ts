/**
 * Big TMX and XLIFF files are parsed in a worker thread: parsing 100,000 units took seconds during which the
 * server answered nobody. The worker must give exactly what the parser gives on the main thread, and the same
 * typed errors.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { readTmx, writeTmx } from '../../src/domain/formats/tmx.js';
import { OFF_THREAD_MIN_CHARS, runOffThread } from '../../src/services/offThread.js';

/** A TMX file just over the size parsed off the main thread, with dates, users and properties. */
function bigTmx(): string {
  const units = [];
  for (let i = 0; units.length === 0 || writeTmx({ units }).length < OFF_THREAD_MIN_CHARS + 1000; i++) {
    units.push({
      variants: [
        { lang: 'zh-CN', text: `第${i}句，含 <标记> & “引号”。` },
        { lang: 'en-US', text: `Sentence ${i}, with <markup> & "quotes".`, creationDate: new Date(Date.UTC(2021, 5, 1 + (i % 28))) },
      ],
      creationId: `user${i % 7}`,
      props: { 'x-context-prev': `p${i}` },
    });
  }
  return writeTmx({ units });
}

describe('parsing off the main thread', () => {
  it('gives exactly what the parser gives on the main thread (Dates included), while the main thread keeps running', async () => {
    const xml = bigTmx();
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const doc = await runOffThread('formats/tmx', 'readTmx', [xml]);
    running = false;
    expect(doc).toEqual(readTmx(xml));
    // The main thread ran other work (here: a chain of callbacks) while the file was being parsed.
    expect(ticks).toBeGreaterThan(0);
  });

  it('throws the same typed error as the parser, code, status and message key included', async () => {
    const xml = bigTmx().replace('<body>', '<body><tu><tuv><seg>no language</seg></tuv></tu>');
    const here = (() => {
      try {
        readTmx(xml);
      } catch (err) {
        return err as AppError;
      }
    })()!;
    const there = (await runOffThread('formats/tmx', 'readTmx', [xml]).catch((e: unknown) => e)) as AppError;
    expect(there).toBeInstanceOf(AppError);
    expect({ code: there.code, status: there.status, message: there.message, key: there.key, details: there.details }).toEqual({
      code: here.code,
      status: here.status,
      message: here.message,
      key: here.key,
      details: here.details,
    });
  });
});

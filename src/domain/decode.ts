/**
 * Turns an imported file's bytes into text: UTF-8 as is; GB18030/GBK, Big5 and UTF-16 detected and
 * converted (with a note); empty, binary and undecodable files refused with the file's name.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ImportRefused } from './errors.js';
import { encodingNote } from './importNotes.js';

/** The decoded text and what was done to get it. */
export interface Decoded {
  text: string;
  /** Encoding of the original bytes. */
  encoding: 'utf-8' | 'gb18030' | 'big5' | 'utf-16le' | 'utf-16be';
  /** A note for the user when the text was converted, else ''. */
  note: string;
}

// ignoreBOM keeps a leading U+FEFF in the text, so the segmenter can record it and export restores it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LEGACY: Record<string, Decoded['encoding']> = { GB18030: 'gb18030', Big5: 'big5' };

/** Decodes `bytes` of the file named `file`; throws {@link ImportRefused} when it cannot. */
export function decodeFile(file: string, bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length === 0) throw new ImportRefused('file_empty', file, 'the file is empty');
  if (bytes.length > maxBytes) {
    throw new ImportRefused(
      'file_too_large',
      file,
      `the file is ${bytes.length} bytes, over the limit of ${maxBytes} bytes (MAX_IMPORT_BYTES)`,
      {
        size: bytes.length,
        limit: maxBytes,
      },
    );
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    // Keep the BOM as U+FEFF so the text round-trips (as UTF-8 with BOM).
    const text = iconv.decode(Buffer.from(bytes), utf16, { stripBOM: false });
    return { text, encoding: utf16, note: encodingNote(utf16.toUpperCase()) };
  }
  if (bytes.includes(0)) throw new ImportRefused('file_binary', file, 'the file is binary (it contains NUL bytes), not text');
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8', note: '' };
  } catch {
    // not UTF-8: try the legacy Chinese encodings below
  }
  for (const guess of chardet.analyse(bytes)) {
    const encoding = LEGACY[guess.name];
    if (!encoding || guess.confidence < 50) continue;
    const text = iconv.decode(Buffer.from(bytes), encoding);
    if (text.includes('\uFFFD')) continue;
    return { text, encoding, note: encodingNote(encoding === 'big5' ? 'Big5' : 'GB18030/GBK') };
  }
  throw new ImportRefused('file_undecodable', file, 'the file is neither UTF-8 nor GB18030/GBK, Big5 or UTF-16 text');
}

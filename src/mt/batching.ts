/**
 * The one batch planner: splits the texts of a run, in order, into requests within a provider's
 * limits (texts per request, request body bytes with the context included). Pretranslation sends
 * these batches and the estimate counts them, so both agree for every provider.
 */
import type { MtLimits, MtRequest } from './types.js';

/** Bytes reserved in every request for the parameters other than texts and context (target_lang, tag_handling, …). */
export const REQUEST_OVERHEAD_BYTES = 2048;

/** One text to send, with the plain text of its own paragraph and of its neighbours (for context). */
export interface BatchItem {
  /** What is sent (tagged XML, see domain/mtTags.ts). */
  text: string;
  /** Plain text of the paragraph itself. */
  plain: string;
  before?: string;
  after?: string;
}

/** A planned request: its items in input order and the context to send with them. */
export interface PlannedBatch<T extends BatchItem> {
  items: T[];
  /** One context for the request (providers with context per request) or one per text; undefined when it would not fit. */
  context: MtRequest['context'];
  /** A single text too large for one request: sending it would fail. */
  oversized: boolean;
}

/**
 * Bytes a field adds to a request body, the larger of its form-encoded (`name=value&`, CJK
 * percent-encoded to 9 bytes a character) and JSON (`"value",`) forms, so the estimate holds
 * whichever encoding the client uses. Counted character by character (as URLSearchParams and
 * JSON.stringify would encode them) without building either string: the planner measures every
 * text and context of a run.
 */
export function fieldBytes(name: string, value: string): number {
  let form = name.length + 2; // `name=` and `&`
  let json = 3; // the quotes and `,`
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      const safe =
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2a ||
        c === 0x2d ||
        c === 0x2e ||
        c === 0x5f ||
        c === 0x20;
      form += safe ? 1 : 3;
      json += c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09 ? 2 : c < 0x20 ? 6 : 1;
    } else if (c < 0x800) {
      form += 6;
      json += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      form += 12;
      json += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate: U+FFFD in a form, an escape in JSON.
      form += 9;
      json += 6;
    } else {
      form += 9;
      json += 3;
    }
  }
  return Math.max(form, json);
}

/**
 * The context of a request holding several consecutive paragraphs (providers with one context
 * per request, i.e. DeepL): the previous paragraph, the batch's own paragraphs and the next one,
 * so that every text's previous and next paragraph are in it. Context is not billed.
 */
export function windowContext(items: Pick<BatchItem, 'plain' | 'before' | 'after'>[]): string {
  const parts: string[] = [];
  for (const u of items) {
    for (const piece of [u.before, u.plain, u.after]) if (piece && !parts.includes(piece)) parts.push(piece);
  }
  return parts.join('\n');
}

/** The context of one text (providers with context per text): its previous and next paragraph. */
export function itemContext(item: Pick<BatchItem, 'before' | 'after'>): string | undefined {
  return [item.before, item.after].filter(Boolean).join('\n') || undefined;
}

/**
 * Splits items, in order, into batches of at most `limits.maxTexts` texts and `limits.maxBytes`
 * estimated body bytes, context and {@link REQUEST_OVERHEAD_BYTES} included. A single item that
 * alone exceeds the bytes is a batch of its own, marked `oversized`; a batch whose context would not
 * fit is sent without context.
 */
export function planBatches<T extends BatchItem>(items: readonly T[], limits: MtLimits): PlannedBatch<T>[] {
  const planner = batchPlanner<T>(limits);
  const batches = items.flatMap((u) => planner.push(u));
  return [...batches, ...planner.end()];
}

/**
 * The planner of {@link planBatches}, fed one item at a time: `push` returns the batches an item
 * closed (the ones before it, now complete), `end` the last one. A batch depends only on the items
 * before it, so a run can send the first batches while it is still planning the rest, and the batches
 * are exactly those of {@link planBatches} on all the items.
 */
export function batchPlanner<T extends BatchItem>(
  limits: MtLimits,
): { push: (item: T) => PlannedBatch<T>[]; end: () => PlannedBatch<T>[] } {
  // Running byte counts, kept as upper bounds: a context's parts are measured one by one, each
  // with a field's overhead, which is at least what their joined form takes.
  let group: T[] = [];
  let textBytes = 0;
  let contextBytes = 0;
  let parts = new Set<string>();
  const contextCost = (u: T): { bytes: number; added: string[] } => {
    if (!limits.contextPerRequest) return { bytes: fieldBytes('context', itemContext(u) ?? ''), added: [] };
    const added = [u.before, u.plain, u.after].filter((x): x is string => Boolean(x) && !parts.has(x as string));
    return { bytes: added.reduce((n, x) => n + fieldBytes('context', x), 0), added };
  };
  const close = (): PlannedBatch<T>[] => {
    if (group.length === 0) return [];
    const fits = REQUEST_OVERHEAD_BYTES + textBytes + contextBytes <= limits.maxBytes;
    const context = !fits ? undefined : limits.contextPerRequest ? windowContext(group) : group.map(itemContext);
    const batch = { items: group, context, oversized: REQUEST_OVERHEAD_BYTES + textBytes > limits.maxBytes };
    group = [];
    textBytes = 0;
    contextBytes = 0;
    parts = new Set();
    return [batch];
  };
  const push = (u: T): PlannedBatch<T>[] => {
    let closed: PlannedBatch<T>[] = [];
    const bytes = fieldBytes('text', u.text);
    let ctx = contextCost(u);
    if (
      group.length > 0 &&
      (group.length >= limits.maxTexts || REQUEST_OVERHEAD_BYTES + textBytes + contextBytes + bytes + ctx.bytes > limits.maxBytes)
    ) {
      closed = close();
      ctx = contextCost(u);
    }
    group.push(u);
    textBytes += bytes;
    contextBytes += ctx.bytes;
    for (const x of ctx.added) parts.add(x);
    return closed;
  };
  return { push, end: close };
}

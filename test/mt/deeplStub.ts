/**
 * A DeepL-compatible API server for tests, on 127.0.0.1 with a random port.
 *
 * Speaks `/v2/translate` (form-encoded and JSON bodies), `/v2/usage`, `/v2/glossaries`
 * (create / list / get / entries / delete) and `/v2/glossary-language-pairs`. Enforces the real
 * limits (50 texts → 400, 128 KiB body → 413, auth → 403, character quota → 456), records every
 * request, and plays a queue of injected faults (status and/or latency), one per request.
 *
 * Where it can, it behaves like DeepL's official mock server (DeepLcom/deepl-mock): glossary ids are
 * UUIDs and belong to the key that made them; a glossary unused for `glossaryIdleMs` (10 minutes, as
 * there) is dropped, on a clock the test moves ({@link DeepLStub.advanceClock}); parameters are
 * validated with DeepL's messages (`Value for 'target_lang' not supported.`, `Parameter 'text' not
 * specified`, an unknown glossary in a translation → 400 `not found`, a glossary for another language
 * pair, a missing User-Agent). One deliberate difference: the default translation is the input with a
 * `[TARGET] ` prefix, so tests see what was sent and how markup came back; {@link mockTranslate} gives
 * the official mock's fixed-text answers for tests that want them.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub saw of one request. */
export interface DeepLRecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  contentType: string;
  bodyBytes: number;
  /** Parsed parameters; `text` is always an array. */
  params: Record<string, string | string[]>;
  texts: string[];
  status: number;
}

/** One injected fault, consumed by the next request (of any path matching `path`, if given). */
export interface DeepLFault {
  status?: number;
  body?: string;
  /** Delay before answering, in ms. Without `status`, the request is then served normally. */
  delayMs?: number;
  headers?: Record<string, string>;
  path?: string;
  /** Never answer (the client times out); the connection is closed when the stub closes. */
  hang?: boolean;
}

/** Parameters of one translation, given to the pluggable translate function. */
export interface StubTranslateInput {
  text: string;
  targetLang: string;
  sourceLang?: string;
  context?: string;
  /** Entries of the glossary in use. */
  glossary?: Map<string, string>;
}

/** Options for {@link startDeepLStub}. */
export interface DeepLStubOptions {
  authKey?: string;
  /** Default `(t) => '[EN-US] ' + t.text` with glossary terms replaced. */
  translate?: (input: StubTranslateInput) => string;
  characterLimit?: number;
  characterCount?: number;
  /** A glossary unused this long (stub clock) is dropped. Default 10 minutes, as the official mock. */
  glossaryIdleMs?: number;
}

/** A stored glossary. */
export interface StubGlossary {
  glossary_id: string;
  name: string;
  ready: boolean;
  source_lang: string;
  target_lang: string;
  creation_time: string;
  entry_count: number;
  entries: Map<string, string>;
  /** The auth key that made it: other keys get "not found". */
  authKey: string;
  /** Last use, on the stub clock. */
  usedAt: number;
}

/** A running stub; `url` goes to deepl-node's `serverUrl`. */
export interface DeepLStub {
  url: string;
  authKey: string;
  requests: DeepLRecordedRequest[];
  /** Push faults here; each request takes the first matching one. */
  faults: DeepLFault[];
  glossaries: Map<string, StubGlossary>;
  usage: { character_count: number; character_limit: number };
  /** Highest number of requests being handled at once. */
  maxInFlight: number;
  translate: (input: StubTranslateInput) => string;
  /** Keys accepted besides `authKey` (each has its own glossaries). */
  authKeys: Set<string>;
  /** Moves the stub's clock (glossary idle time) forward; no real time passes. */
  advanceClock(ms: number): void;
  /** Only `/v2/translate` requests. */
  translateRequests(): DeepLRecordedRequest[];
  /**
   * From now on (after `after` more requests answered normally), every `/v2/translate` request is processed and billed but its answer is held
   * until {@link release}: the state of a batch in flight when its client dies (billed by the
   * provider, answer never received). Deterministic: no timers.
   */
  holdTranslations(options?: { after?: number }): void;
  /** Resolves once `n` translate requests are being held. */
  waitHeld(n: number): Promise<void>;
  /** Characters billed for the requests held so far. */
  heldCharacters: number;
  /** Answers every held request and stops holding. */
  release(): void;
  close(): Promise<void>;
}

/** DeepL's request body limit. */
export const MAX_BODY_BYTES = 128 * 1024;
/** DeepL's texts-per-request limit. */
export const MAX_TEXTS = 50;

const TARGET_LANGS = new Set([
  'AR',
  'BG',
  'CS',
  'DA',
  'DE',
  'EL',
  'EN-GB',
  'EN-US',
  'ES',
  'ES-419',
  'ET',
  'FI',
  'FR',
  'HE',
  'HU',
  'ID',
  'IT',
  'JA',
  'KO',
  'LT',
  'LV',
  'NB',
  'NL',
  'PL',
  'PT-BR',
  'PT-PT',
  'RO',
  'RU',
  'SK',
  'SL',
  'SV',
  'TH',
  'TR',
  'UK',
  'VI',
  'ZH',
  'ZH-HANS',
  'ZH-HANT',
]);
const SOURCE_LANGS = new Set([...TARGET_LANGS].map((l) => l.split('-')[0] ?? l));
/** Parameters validated as the official mock does (unused otherwise). */
const ALLOWED_VALUES: Record<string, string[]> = {
  tag_handling: ['xml', 'html'],
  split_sentences: ['0', '1', 'nonewlines'],
  preserve_formatting: ['0', '1', 'true', 'false'],
  outline_detection: ['0', '1', 'true', 'false'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Glossary language pairs DeepL supports from Chinese (what `/v2/glossary-language-pairs` answers). */
const GLOSSARY_TARGETS = ['en', 'ru', 'zh', 'de', 'fr', 'ja'];
const GLOSSARY_PAIRS = new Set(GLOSSARY_TARGETS.map((t) => `zh>${t}`));
const FORMALITY_LANGS = new Set(['DE', 'FR', 'IT', 'ES', 'ES-419', 'NL', 'PL', 'PT-BR', 'PT-PT', 'JA', 'RU']);

/** The default fake translation: glossary terms replaced, then a `[TARGET] ` prefix; tags untouched. */
export function fakeTranslate({ text, targetLang, glossary }: StubTranslateInput): string {
  let out = text;
  for (const [src, tgt] of glossary ?? []) out = out.split(src).join(tgt);
  return `[${targetLang.toUpperCase()}] ${out}`;
}

/** The official mock's fixed answers: every line becomes its test phrase ("proton beam") in the target language. */
const MOCK_TEXTS: Record<string, string> = {
  EN: 'proton beam',
  'EN-US': 'proton beam',
  'EN-GB': 'proton beam',
  RU: 'протонный луч',
  DE: 'Protonenstrahl',
  ZH: '质子束',
  'ZH-HANS': '质子束',
  'ZH-HANT': '質子束',
};

/**
 * Translation as the official mock does it: each line whose whole text is a glossary term gets the
 * term's translation, every other line the target language's fixed phrase (markup is lost).
 */
export function mockTranslate({ text, targetLang, glossary }: StubTranslateInput): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : (glossary?.get(line) ?? MOCK_TEXTS[targetLang.toUpperCase()] ?? '')))
    .join('\n');
}

const codePoints = (s: string) => [...s].length;

/** Starts a stub DeepL server. */
export async function startDeepLStub(options: DeepLStubOptions = {}): Promise<DeepLStub> {
  let inFlight = 0;
  const stub: DeepLStub = {
    url: '',
    authKey: options.authKey ?? 'test-key',
    requests: [],
    faults: [],
    glossaries: new Map(),
    usage: { character_count: options.characterCount ?? 0, character_limit: options.characterLimit ?? 500_000 },
    maxInFlight: 0,
    translate: options.translate ?? fakeTranslate,
    authKeys: new Set(),
    advanceClock: (ms) => void (clock += ms),
    translateRequests: () => stub.requests.filter((r) => r.path === '/v2/translate'),
    holdTranslations: (options = {}) => {
      holding = true;
      passBeforeHold = options.after ?? 0;
    },
    waitHeld: (n) => new Promise<void>((resolve) => (held.length >= n ? resolve() : heldWaiters.push({ n, resolve }))),
    heldCharacters: 0,
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () => {
      stub.release();
      for (const r of hanging.splice(0)) r.destroy();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
  let holding = false;
  let clock = 0;
  const idleMs = options.glossaryIdleMs ?? 10 * 60_000;
  const hanging: ServerResponse[] = [];
  /** Drops glossaries idle for too long, like the official mock's cleanup. */
  const dropIdleGlossaries = () => {
    for (const [id, g] of stub.glossaries) if (clock - g.usedAt > idleMs) stub.glossaries.delete(id);
  };
  /** A glossary of this key, touched; undefined when unknown, dropped or another key's. */
  const glossaryOf = (id: string, key: string) => {
    const g = stub.glossaries.get(id);
    if (!g || g.authKey !== key) return undefined;
    g.usedAt = clock;
    return g;
  };
  let passBeforeHold = 0;
  const held: (() => void)[] = [];
  const heldWaiters: { n: number; resolve: () => void }[] = [];
  /** Keeps an answer until release(); the request is already billed. */
  const hold = (billed: number, answer: () => void) => {
    stub.heldCharacters += billed;
    held.push(answer);
    for (const w of heldWaiters.filter((x) => held.length >= x.n)) {
      heldWaiters.splice(heldWaiters.indexOf(w), 1);
      w.resolve();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://stub');
    const contentType = String(req.headers['content-type'] ?? '');
    const params = parseParams(contentType, body.toString('utf8'), url.searchParams);
    const texts = ([] as string[]).concat(params.text ?? []);
    const rec: DeepLRecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      contentType,
      bodyBytes: body.length,
      params,
      texts,
      status: 0,
    };
    stub.requests.push(rec);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      const isText = typeof payload === 'string';
      res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
      res.end(isText ? payload : JSON.stringify(payload));
    };
    const fail = (status: number, message: string) => send(status, { message });

    const faultAt = stub.faults.findIndex((f) => f.path === undefined || f.path === url.pathname);
    const fault = faultAt >= 0 ? stub.faults.splice(faultAt, 1)[0] : undefined;
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hang) return void hanging.push(res);
    if (fault?.status) return send(fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);

    const key = /^DeepL-Auth-Key (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    if (key !== stub.authKey && !stub.authKeys.has(key)) return fail(403, 'Wrong endpoint or auth key');
    if (!req.headers['user-agent']) return fail(400, 'User-Agent header missing.');
    dropIdleGlossaries();
    if (body.length > MAX_BODY_BYTES) return fail(413, 'Request Entity Too Large');

    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /v2/translate') return translate(params, texts, key, send, fail);
    if (route === 'GET /v2/usage') return send(200, stub.usage);
    if (route === 'GET /v2/glossary-language-pairs') {
      return send(200, { supported_languages: GLOSSARY_TARGETS.map((t) => ({ source_lang: 'zh', target_lang: t })) });
    }
    if (route === 'POST /v2/glossaries') return createGlossary(params, key, send, fail);
    if (route === 'GET /v2/glossaries')
      return send(200, { glossaries: [...stub.glossaries.values()].filter((x) => x.authKey === key).map(info) });
    const gm = /^\/v2\/glossaries\/([^/]+)(\/entries)?$/.exec(url.pathname);
    const g = gm ? glossaryOf(decodeURIComponent(gm[1] ?? ''), key) : undefined;
    if (gm && !g) {
      // The official mock answers an unknown glossary with an empty 404.
      rec.status = 404;
      res.writeHead(404).end();
      return;
    }
    if (g && req.method === 'GET' && gm?.[2]) return send(200, [...g.entries].map(([s, t]) => `${s}\t${t}`).join('\n'));
    if (g && req.method === 'GET') return send(200, info(g));
    if (g && req.method === 'DELETE') {
      stub.glossaries.delete(g.glossary_id);
      rec.status = 204;
      res.writeHead(204).end();
      return;
    }
    return fail(404, 'Not found');
  };

  type Send = (status: number, payload: unknown) => void;
  type Fail = (status: number, message: string) => void;

  const translate = (params: Record<string, string | string[]>, texts: string[], key: string, send: Send, fail: Fail) => {
    const target = String(params.target_lang ?? '').toUpperCase();
    if (!TARGET_LANGS.has(target)) return fail(400, "Value for 'target_lang' not supported.");
    const source = params.source_lang === undefined ? undefined : String(params.source_lang).toUpperCase();
    if (source !== undefined && !SOURCE_LANGS.has(source)) return fail(400, "Value for 'source_lang' not supported.");
    if (texts.length === 0) return fail(400, "Parameter 'text' not specified");
    if (texts.length > MAX_TEXTS) return fail(400, `Too many texts: at most ${MAX_TEXTS} per request.`);
    for (const [name, allowed] of Object.entries(ALLOWED_VALUES)) {
      const v = params[name];
      if (v !== undefined && !allowed.includes(String(v))) return fail(400, `Value for '${name}' not supported.`);
    }
    const formality = params.formality === undefined ? 'default' : String(params.formality);
    if ((formality === 'more' || formality === 'less') && !FORMALITY_LANGS.has(target)) {
      return fail(400, "'formality' is not supported for given 'target_lang'.");
    }
    let glossary: Map<string, string> | undefined;
    if (params.glossary_id !== undefined) {
      const id = String(params.glossary_id);
      if (!UUID.test(id)) return fail(400, "Value for 'glossary_id' not supported.");
      if (!source) return fail(400, 'Use of a glossary requires the source_lang parameter to be specified');
      const g = glossaryOf(id, key);
      if (!g) return fail(400, 'not found');
      if (g.source_lang !== source.toLowerCase() || g.target_lang !== (target.split('-')[0] ?? '').toLowerCase()) {
        return fail(400, "Glossary language pair doesn't match the requested source_lang and target_lang");
      }
      glossary = g.entries;
    }
    const billed = texts.reduce((n, t) => n + codePoints(t), 0);
    if (stub.usage.character_count + billed > stub.usage.character_limit)
      return fail(456, 'Quota for this billing period has been exceeded.');
    stub.usage.character_count += billed;
    const context = params.context === undefined ? undefined : String(params.context);
    const answer = () =>
      send(200, {
        translations: texts.map((text) => ({
          detected_source_language: source ?? 'ZH',
          text: stub.translate({
            text,
            targetLang: target,
            ...(source ? { sourceLang: source } : {}),
            ...(context !== undefined ? { context } : {}),
            ...(glossary ? { glossary } : {}),
          }),
          billed_characters: codePoints(text),
        })),
      });
    if (holding && passBeforeHold-- <= 0) hold(billed, answer);
    else answer();
  };

  const createGlossary = (params: Record<string, string | string[]>, key: string, send: Send, fail: Fail) => {
    const name = String(params.name ?? '');
    const format = String(params.entries_format ?? '');
    const pair = `${String(params.source_lang ?? '').toLowerCase()}>${String(params.target_lang ?? '').toLowerCase()}`;
    if (!GLOSSARY_PAIRS.has(pair)) return fail(400, 'Unsupported glossary source and target language pair');
    if (!name) return fail(400, "Missing or invalid argument: name'");
    if (typeof params.entries !== 'string') return fail(400, "Parameter 'entries' not specified");
    if (format !== 'tsv' && format !== 'csv') return fail(400, 'Unsupported entry format specified');
    const entries = new Map<string, string>();
    for (const line of params.entries.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const [src, tgt, extra] = line.split('\t');
      if (!src || !tgt || extra !== undefined) return fail(400, `Invalid glossary entry: ${line}`);
      entries.set(src, tgt);
    }
    const g: StubGlossary = {
      glossary_id: randomUUID(),
      name,
      ready: true,
      source_lang: String(params.source_lang ?? '').toLowerCase(),
      target_lang: String(params.target_lang ?? '').toLowerCase(),
      creation_time: new Date(0).toISOString(),
      entry_count: entries.size,
      entries,
      authKey: key,
      usedAt: clock,
    };
    stub.glossaries.set(g.glossary_id, g);
    send(201, info(g));
  };

  const server = createServer((req, res) => {
    inFlight++;
    stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

function info(g: StubGlossary): Omit<StubGlossary, 'entries' | 'authKey' | 'usedAt'> {
  const { entries: _entries, authKey: _key, usedAt: _used, ...rest } = g;
  return rest;
}

/** Parses form-encoded or JSON bodies (and the query string) into parameters; `text` is an array. */
function parseParams(contentType: string, body: string, query: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  const add = (key: string, value: string) => {
    const prev = params[key];
    if (key === 'text') params[key] = [...((prev as string[] | undefined) ?? []), value];
    else if (prev === undefined) params[key] = value;
    else params[key] = ([] as string[]).concat(prev, value);
  };
  for (const [k, v] of query) add(k, v);
  if (contentType.includes('application/json') && body) {
    const obj = JSON.parse(body) as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) for (const item of v) add(k, String(item));
      else if (v !== undefined && v !== null) add(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
  } else if (body) {
    for (const [k, v] of new URLSearchParams(body)) add(k, v);
  }
  return params;
}

/**
 * An OpenAI-compatible `/v1/chat/completions` server for tests, on 127.0.0.1 with a random port.
 *
 * Checks the bearer key (401), records every request, plays a queue of injected faults (status,
 * body, headers, latency), and answers with a pluggable `reply` function. The default reply
 * understands the provider's JSON protocol (`items` → `{"translations": […]}`) and prefixes each
 * text with `[<target>] `, keeping tags.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat message as sent by the client. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** The parts of a chat-completions request the stub looks at. */
export interface ChatRequestBody {
  model?: string;
  messages?: ChatMessage[];
  response_format?: { type: string };
  temperature?: number;
}

/** What the stub saw of one request. */
export interface OpenAiRecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
  body: ChatRequestBody;
  status: number;
}

/** One injected fault, consumed by the next request. */
export interface OpenAiFault {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Serve a 200 with this message content instead of the normal reply. */
  content?: string;
  finishReason?: string;
}

/** A running stub; `url` is the base URL including `/v1`. */
export interface OpenAiStub {
  url: string;
  apiKey: string;
  requests: OpenAiRecordedRequest[];
  faults: OpenAiFault[];
  /** Produces the assistant message content for a request. */
  reply: (body: ChatRequestBody) => string;
  close(): Promise<void>;
}

/** The default reply: parse the user JSON and return `[target] text` for each item. */
export function fakeReply(body: ChatRequestBody): string {
  const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
  const input = JSON.parse(user?.content ?? '{}') as { target_language?: string; items?: { text: string }[] };
  const target = input.target_language ?? '??';
  return JSON.stringify({ translations: (input.items ?? []).map((it) => `[${target}] ${it.text}`) });
}

/** Starts a stub chat-completions server. */
export async function startOpenAiStub(options: { apiKey?: string; reply?: (body: ChatRequestBody) => string } = {}): Promise<OpenAiStub> {
  const stub: OpenAiStub = {
    url: '',
    apiKey: options.apiKey ?? 'sk-test',
    requests: [],
    faults: [],
    reply: options.reply ?? fakeReply,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    let body: ChatRequestBody = {};
    try {
      body = JSON.parse(raw.toString('utf8') || '{}') as ChatRequestBody;
    } catch {
      // recorded as empty; answered 400 below
    }
    const rec: OpenAiRecordedRequest = { path, headers: req.headers, bodyBytes: raw.length, body, status: 0 };
    stub.requests.push(rec);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const error = (status: number, message: string, code: string | null = null) =>
      send(status, { error: { message, type: 'invalid_request_error', code } });
    const completion = (content: string, finishReason = 'stop') =>
      send(200, {
        id: `chatcmpl-${stub.requests.length}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
      });

    const fault = stub.faults.shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) return send(fault.status, fault.body ?? { error: { message: `injected ${fault.status}` } }, fault.headers);
    if (req.headers.authorization !== `Bearer ${stub.apiKey}`) return error(401, 'Incorrect API key provided', 'invalid_api_key');
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return error(404, 'Not found');
    if (!body.model || !Array.isArray(body.messages)) return error(400, 'model and messages are required');
    if (fault?.content !== undefined) return completion(fault.content, fault.finishReason);
    return completion(stub.reply(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}

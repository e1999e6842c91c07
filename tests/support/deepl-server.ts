/**
 * A DeepL-compatible HTTP server on loopback for tests: enough of the DeepL API for deepl-node to
 * translate text and manage glossaries, with a deterministic fake translation and switchable
 * failures. No real key, no internet.
 *
 * Usage:
 *   const deepl = await startFakeDeepLServer();
 *   new DeepLClient(deepl.authKey, { serverUrl: deepl.url, maxRetries: 1 });
 *   deepl.failNext(429, 2);          // the next two /v2/translate requests answer 429
 *   deepl.delayNext(1500);           // the next /v2/translate answers after 1.5 s
 *   deepl.requests                   // what deepl-node sent (method, path, query, form/JSON body)
 *   await deepl.close();
 *
 * The fake translation (`fakeTranslate`): glossary source terms become their targets (longest
 * first, case-insensitive, whole words), and the result is prefixed with the target language in
 * brackets: "The Greater Bay Area grows." → "[ZH-HANS] The 粤港澳大湾区 grows.".
 * Set FAKE_DEEPL_LOG=1 to print every request.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Form fields (application/x-www-form-urlencoded bodies and GET query strings), repeated keys kept. */
  form: Map<string, string[]>;
  /** Parsed JSON body, when the body was JSON. */
  json: unknown;
  status: number;
}

export interface GlossaryDictionary {
  sourceLang: string;
  targetLang: string;
  /** Source term → target term, in insertion order. */
  entries: Map<string, string>;
}

export interface StoredGlossary {
  id: string;
  name: string;
  creationTime: string;
  /** Created through /v2 (one dictionary) or /v3 (one or more). */
  api: 'v2' | 'v3';
  dictionaries: GlossaryDictionary[];
}

export interface FailureScenario {
  /** HTTP status to answer with; omit to answer normally (after `delayMs`). */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Requests to affect. */
  times: number;
  /** Which request paths it applies to (default: /v2/translate). */
  path: RegExp;
}

export interface FakeDeepLServer {
  readonly url: string;
  readonly authKey: string;
  readonly requests: RecordedRequest[];
  readonly glossaries: Map<string, StoredGlossary>;
  /** Character usage reported by /v2/usage; over the limit, /v2/translate answers 456. */
  usage: { count: number; limit: number };
  failNext(status: number, times?: number, path?: RegExp): void;
  delayNext(delayMs: number, times?: number, path?: RegExp): void;
  /** Requests whose path matches, in order. */
  requestsTo(path: string | RegExp): RecordedRequest[];
  /** Forgets requests, glossaries, scenarios and usage. */
  reset(): void;
  close(): Promise<void>;
}

const TRANSLATE_PATH = /^\/v2\/translate$/;

const GLOSSARY_LANGUAGES = ['da', 'de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'ru', 'sv', 'zh'];

const SOURCE_LANGUAGES = [
  { language: 'DE', name: 'German' },
  { language: 'EN', name: 'English' },
  { language: 'FR', name: 'French' },
  { language: 'JA', name: 'Japanese' },
  { language: 'ZH', name: 'Chinese' },
];
const TARGET_LANGUAGES = [
  { language: 'DE', name: 'German', supports_formality: true },
  { language: 'EN-GB', name: 'English (British)', supports_formality: false },
  { language: 'EN-US', name: 'English (American)', supports_formality: false },
  { language: 'FR', name: 'French', supports_formality: true },
  { language: 'JA', name: 'Japanese', supports_formality: true },
  { language: 'ZH', name: 'Chinese (simplified)', supports_formality: false },
  { language: 'ZH-HANS', name: 'Chinese (simplified)', supports_formality: false },
  { language: 'ZH-HANT', name: 'Chinese (traditional)', supports_formality: false },
];

/** Base language of a DeepL code: `ZH-HANS` → `zh`, `en-US` → `en`. */
function baseLanguage(code: string): string {
  return code.split('-')[0].toLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The fake translation described at the top of this file. */
export function fakeTranslate(text: string, targetLang: string, entries?: ReadonlyMap<string, string>): string {
  let out = text;
  if (entries && entries.size > 0) {
    const sources = Array.from(entries.keys()).sort((a, b) => b.length - a.length);
    const lookup = new Map(Array.from(entries, ([s, t]) => [s.toLowerCase(), t]));
    const alternation = sources
      .map((s) => {
        const body = escapeRegExp(s);
        const start = /^\w/.test(s) ? '\\b' : '';
        const end = /\w$/.test(s) ? '\\b' : '';
        return `${start}${body}${end}`;
      })
      .join('|');
    out = out.replace(new RegExp(alternation, 'giu'), (m) => lookup.get(m.toLowerCase()) ?? m);
  }
  return `[${targetLang.toUpperCase()}] ${out}`;
}

function parseTsv(tsv: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of tsv.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [source, target] = line.split('\t');
    if (source === undefined || target === undefined) throw new Error(`bad TSV line: ${line}`);
    entries.set(source, target);
  }
  return entries;
}

function parseCsv(csv: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [source, target] = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    if (source === undefined || target === undefined) throw new Error(`bad CSV line: ${line}`);
    entries.set(source, target);
  }
  return entries;
}

function toTsv(entries: Map<string, string>): string {
  return Array.from(entries, ([s, t]) => `${s}\t${t}`).join('\n');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeDeepLServer(options: { authKey?: string } = {}): Promise<FakeDeepLServer> {
  const authKey = options.authKey ?? 'test-key:fx';
  const requests: RecordedRequest[] = [];
  const glossaries = new Map<string, StoredGlossary>();
  let scenarios: FailureScenario[] = [];
  let nextGlossary = 1;
  const pendingTimers = new Set<NodeJS.Timeout>();
  const log = process.env.FAKE_DEEPL_LOG === '1';

  const state = { usage: { count: 0, limit: 500_000 } };

  function glossaryInfoV2(g: StoredGlossary): Record<string, unknown> {
    const d = g.dictionaries[0];
    return {
      glossary_id: g.id,
      name: g.name,
      ready: true,
      source_lang: d?.sourceLang ?? '',
      target_lang: d?.targetLang ?? '',
      creation_time: g.creationTime,
      entry_count: d?.entries.size ?? 0,
    };
  }

  function glossaryInfoV3(g: StoredGlossary): Record<string, unknown> {
    return {
      glossary_id: g.id,
      name: g.name,
      creation_time: g.creationTime,
      dictionaries: g.dictionaries.map((d) => ({
        source_lang: d.sourceLang,
        target_lang: d.targetLang,
        entry_count: d.entries.size,
      })),
    };
  }

  function field(form: Map<string, string[]>, json: Record<string, unknown> | null, name: string): string | undefined {
    if (json) {
      const v = json[name];
      if (Array.isArray(v)) return v.length > 0 ? String(v[0]) : undefined;
      return v === undefined || v === null ? undefined : String(v);
    }
    return form.get(name)?.[0];
  }

  function fields(form: Map<string, string[]>, json: Record<string, unknown> | null, name: string): string[] {
    if (json) {
      const v = json[name];
      if (Array.isArray(v)) return v.map(String);
      return v === undefined || v === null ? [] : [String(v)];
    }
    return form.get(name) ?? [];
  }

  function makeDictionary(sourceLang: string | undefined, targetLang: string | undefined, entries: string | undefined, format: string | undefined): GlossaryDictionary {
    if (!sourceLang || !targetLang) throw new HttpError(400, 'Missing source_lang or target_lang');
    if (!GLOSSARY_LANGUAGES.includes(sourceLang.toLowerCase()) || !GLOSSARY_LANGUAGES.includes(targetLang.toLowerCase())) {
      throw new HttpError(400, `Unsupported glossary language pair ${sourceLang}-${targetLang}`);
    }
    if (targetLang.includes('-')) throw new HttpError(400, 'Glossary languages take no variant');
    if (entries === undefined) throw new HttpError(400, 'Missing entries');
    const parsed = (format ?? 'tsv') === 'csv' ? parseCsv(entries) : parseTsv(entries);
    if (parsed.size === 0) throw new HttpError(400, 'Invalid glossary entries: no entries');
    return { sourceLang: sourceLang.toLowerCase(), targetLang: targetLang.toLowerCase(), entries: parsed };
  }

  function addGlossary(name: string | undefined, api: 'v2' | 'v3', dictionaries: GlossaryDictionary[]): StoredGlossary {
    if (!name) throw new HttpError(400, 'Missing name');
    const id = `fake-glossary-${String(nextGlossary++).padStart(4, '0')}`;
    const g: StoredGlossary = { id, name, creationTime: new Date().toISOString(), api, dictionaries };
    glossaries.set(id, g);
    return g;
  }

  function glossaryOr404(id: string): StoredGlossary {
    const g = glossaries.get(id);
    if (!g) throw new HttpError(404, 'Glossary not found');
    return g;
  }

  /** v3 dictionaries from a form (`dictionaries[0].source_lang` …) or a JSON body. */
  function v3Dictionaries(form: Map<string, string[]>, json: Record<string, unknown> | null): GlossaryDictionary[] {
    if (json) {
      const list = json.dictionaries;
      if (!Array.isArray(list)) throw new HttpError(400, 'Missing dictionaries');
      return list.map((d: Record<string, string>) => makeDictionary(d.source_lang, d.target_lang, d.entries, d.entries_format));
    }
    const out: GlossaryDictionary[] = [];
    for (let i = 0; form.has(`dictionaries[${i}].source_lang`); i++) {
      const get = (k: string): string | undefined => form.get(`dictionaries[${i}].${k}`)?.[0];
      out.push(makeDictionary(get('source_lang'), get('target_lang'), get('entries'), get('entries_format')));
    }
    if (out.length === 0) throw new HttpError(400, 'Missing dictionaries');
    return out;
  }

  function translate(form: Map<string, string[]>, json: Record<string, unknown> | null): unknown {
    const texts = fields(form, json, 'text');
    const targetLang = field(form, json, 'target_lang');
    const sourceLang = field(form, json, 'source_lang');
    const glossaryId = field(form, json, 'glossary_id');
    if (!targetLang) throw new HttpError(400, "Value for 'target_lang' not supported.");
    if (!TARGET_LANGUAGES.some((l) => l.language === targetLang.toUpperCase())) {
      throw new HttpError(400, `Value for 'target_lang' not supported: ${targetLang}`);
    }
    if (texts.length === 0) throw new HttpError(400, "Parameter 'text' not specified.");
    // DeepL's documented limit: at most 50 texts in one request.
    if (texts.length > 50) throw new HttpError(413, 'Too many texts in one request (at most 50)');
    let entries: Map<string, string> | undefined;
    if (glossaryId) {
      if (!sourceLang) throw new HttpError(400, 'Use of a glossary requires the source_lang parameter');
      const g = glossaryOr404(glossaryId);
      const dict = g.dictionaries.find(
        (d) => d.sourceLang === baseLanguage(sourceLang) && d.targetLang === baseLanguage(targetLang),
      );
      if (!dict) throw new HttpError(400, "Glossary doesn't contain a dictionary for the language pair");
      entries = dict.entries;
    }
    const characters = texts.reduce((n, t) => n + t.length, 0);
    if (state.usage.count + characters > state.usage.limit) throw new HttpError(456, 'Quota exceeded');
    state.usage.count += characters;
    return {
      translations: texts.map((text) => ({
        detected_source_language: (sourceLang ?? 'EN').toUpperCase(),
        text: fakeTranslate(text, targetLang, entries),
        billed_characters: text.length,
      })),
    };
  }

  /** Answers one request: [status, body, content type]. */
  function route(method: string, path: string, query: URLSearchParams, form: Map<string, string[]>, json: Record<string, unknown> | null): [number, unknown, string?] {
    const parts = path.split('/').filter(Boolean);
    if (method === 'POST' && path === '/v2/translate') return [200, translate(form, json)];
    if (method === 'GET' && path === '/v2/usage') return [200, { character_count: state.usage.count, character_limit: state.usage.limit }];
    if (method === 'GET' && path === '/v2/languages') {
      return [200, query.get('type') === 'target' ? TARGET_LANGUAGES : SOURCE_LANGUAGES];
    }
    if (method === 'GET' && path === '/v2/glossary-language-pairs') {
      const pairs = GLOSSARY_LANGUAGES.flatMap((s) => GLOSSARY_LANGUAGES.filter((t) => t !== s).map((t) => ({ source_lang: s, target_lang: t })));
      return [200, { supported_languages: pairs }];
    }
    // /v2/glossaries[/{id}[/entries]]
    if (parts[0] === 'v2' && parts[1] === 'glossaries') {
      if (parts.length === 2 && method === 'POST') {
        const dict = makeDictionary(field(form, json, 'source_lang'), field(form, json, 'target_lang'), field(form, json, 'entries'), field(form, json, 'entries_format'));
        return [201, glossaryInfoV2(addGlossary(field(form, json, 'name'), 'v2', [dict]))];
      }
      if (parts.length === 2 && method === 'GET') {
        const single = Array.from(glossaries.values()).filter((g) => g.dictionaries.length === 1);
        return [200, { glossaries: single.map(glossaryInfoV2) }];
      }
      const g = glossaryOr404(parts[2]);
      if (parts.length === 3 && method === 'GET') return [200, glossaryInfoV2(g)];
      if (parts.length === 3 && method === 'DELETE') {
        glossaries.delete(g.id);
        return [204, null];
      }
      if (parts.length === 4 && parts[3] === 'entries' && method === 'GET') {
        return [200, toTsv(g.dictionaries[0].entries), 'text/tab-separated-values'];
      }
    }
    // /v3/glossaries[/{id}[/entries|/dictionaries]]
    if (parts[0] === 'v3' && parts[1] === 'glossaries') {
      if (parts.length === 2 && method === 'POST') {
        return [201, glossaryInfoV3(addGlossary(field(form, json, 'name'), 'v3', v3Dictionaries(form, json)))];
      }
      if (parts.length === 2 && method === 'GET') return [200, { glossaries: Array.from(glossaries.values()).map(glossaryInfoV3) }];
      const g = glossaryOr404(parts[2]);
      if (parts.length === 3 && method === 'GET') return [200, glossaryInfoV3(g)];
      if (parts.length === 3 && method === 'DELETE') {
        glossaries.delete(g.id);
        return [204, null];
      }
      if (parts.length === 3 && method === 'PATCH') {
        const name = field(form, json, 'name');
        if (name) g.name = name;
        if (form.has('dictionaries[0].source_lang') || json?.dictionaries) {
          for (const d of v3Dictionaries(form, json)) {
            const existing = g.dictionaries.find((x) => x.sourceLang === d.sourceLang && x.targetLang === d.targetLang);
            if (existing) for (const [s, t] of d.entries) existing.entries.set(s, t);
            else g.dictionaries.push(d);
          }
        }
        return [200, glossaryInfoV3(g)];
      }
      if (parts.length === 4 && parts[3] === 'entries' && method === 'GET') {
        const s = query.get('source_lang')?.toLowerCase();
        const t = query.get('target_lang')?.toLowerCase();
        const dicts = g.dictionaries.filter((d) => (!s || d.sourceLang === s) && (!t || d.targetLang === t));
        if (dicts.length === 0) throw new HttpError(404, 'Glossary dictionary not found');
        return [200, { dictionaries: dicts.map((d) => ({ source_lang: d.sourceLang, target_lang: d.targetLang, entries: toTsv(d.entries), entries_format: 'tsv' })) }];
      }
      if (parts.length === 4 && parts[3] === 'dictionaries' && method === 'PUT') {
        const d = makeDictionary(field(form, json, 'source_lang'), field(form, json, 'target_lang'), field(form, json, 'entries'), field(form, json, 'entries_format'));
        g.dictionaries = g.dictionaries.filter((x) => !(x.sourceLang === d.sourceLang && x.targetLang === d.targetLang)).concat(d);
        return [200, { source_lang: d.sourceLang, target_lang: d.targetLang, entry_count: d.entries.size }];
      }
      if (parts.length === 4 && parts[3] === 'dictionaries' && method === 'DELETE') {
        const s = query.get('source_lang')?.toLowerCase();
        const t = query.get('target_lang')?.toLowerCase();
        const before = g.dictionaries.length;
        g.dictionaries = g.dictionaries.filter((d) => !(d.sourceLang === s && d.targetLang === t));
        if (g.dictionaries.length === before) throw new HttpError(404, 'Glossary dictionary not found');
        return [204, null];
      }
    }
    throw new HttpError(404, `Not found: ${method} ${path}`);
  }

  function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
    if (res.destroyed) return;
    if (status === 204 || body === null) {
      res.writeHead(status);
      res.end();
      return;
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8` });
    res.end(text);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        pendingTimers.delete(t);
        resolve();
      }, ms);
      pendingTimers.add(t);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const contentType = req.headers['content-type'] ?? '';
    const form = new Map<string, string[]>();
    let json: Record<string, unknown> | null = null;
    const addAll = (params: URLSearchParams): void => {
      for (const [k, v] of params) form.set(k, [...(form.get(k) ?? []), v]);
    };
    addAll(url.searchParams);
    if (raw.length > 0) {
      if (contentType.includes('application/json')) json = JSON.parse(raw) as Record<string, unknown>;
      else addAll(new URLSearchParams(raw));
    }
    const record: RecordedRequest = { method, path, query: url.searchParams, headers: req.headers, form, json, status: 0 };
    requests.push(record);

    let status: number;
    let body: unknown;
    let type: string | undefined;
    try {
      if (req.headers.authorization !== `DeepL-Auth-Key ${authKey}`) throw new HttpError(403, 'Authorization failure');
      const scenario = scenarios.find((s) => s.times > 0 && s.path.test(path));
      if (scenario) {
        scenario.times--;
        scenarios = scenarios.filter((s) => s.times > 0);
        if (scenario.delayMs) await delay(scenario.delayMs);
        if (scenario.status) throw new HttpError(scenario.status, `Scenario status ${scenario.status}`);
      }
      [status, body, type] = route(method, path, url.searchParams, form, json);
    } catch (error) {
      status = error instanceof HttpError ? error.status : 500;
      body = { message: error instanceof Error ? error.message : String(error) };
    }
    record.status = status;
    if (log) console.log(`fake DeepL ${method} ${req.url} ${status}`, json ?? Object.fromEntries(form));
    send(res, status, body, type);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    authKey,
    requests,
    glossaries,
    get usage() {
      return state.usage;
    },
    set usage(value) {
      state.usage = value;
    },
    failNext(status, times = 1, path = TRANSLATE_PATH) {
      scenarios.push({ status, times, path });
    },
    delayNext(delayMs, times = 1, path = TRANSLATE_PATH) {
      scenarios.push({ delayMs, times, path });
    },
    requestsTo(path) {
      return requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
    },
    reset() {
      requests.length = 0;
      glossaries.clear();
      scenarios = [];
      state.usage = { count: 0, limit: 500_000 };
    },
    close() {
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

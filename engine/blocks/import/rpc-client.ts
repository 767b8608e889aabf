/**
 * The RPC fetch layer: plain `fetch` JSON-RPC 2.0 (no SDK needed; works in Node 20, browsers and
 * Web Workers). Features: response cache (pluggable, persistent), automatic batching of calls
 * issued in the same tick, a concurrency limit on HTTP requests, a request budget, retries with
 * exponential backoff (honouring Retry-After) on HTTP 429/5xx, network errors and rate-limit
 * JSON-RPC errors, and progress reporting.
 */
import type { ProgressFn } from './model';
import { CACHE_KEY_VERSION, MemoryCache, type PersistentCache } from './cache';

export type RpcErrorCode =
  'RATE_LIMITED' | 'BUDGET_EXCEEDED' | 'HTTP' | 'RPC' | 'NETWORK' | 'BAD_RESPONSE';

export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly method?: string,
    readonly rpcCode?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface RpcClientOptions {
  cache?: PersistentCache;
  /** Maximum number of JSON-RPC calls sent over the network (cache hits are free). Default DEFAULT_MAX_REQUESTS. */
  maxRequests?: number;
  /** Maximum HTTP requests in flight. Default 4. */
  concurrency?: number;
  /** Calls per JSON-RPC batch; 1 disables batching. Default 20. */
  batchSize?: number;
  /** Retries per HTTP request. Default 5. */
  retries?: number;
  /** Base backoff in ms (doubles per attempt, with jitter). Default 500. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per HTTP request timeout. Default 60 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  onProgress?: ProgressFn;
}

interface Pending {
  id: number;
  method: string;
  params: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isRateLimitRpcError(e: { code?: unknown; message?: unknown }): boolean {
  return (
    e.code === 429 ||
    e.code === -32005 ||
    /rate.?limit|too many requests|exceeded.*(quota|limit)/i.test(String(e.message ?? ''))
  );
}

/**
 * The node answered with a JSON-RPC error (it refuses this method or these parameters): the
 * optional parts of a fetch turn that into a remark. Transport failures, budget exhaustion and
 * bad responses are not refusals and still fail the fetch.
 */
export function isRpcRefusal(e: unknown): e is RpcError {
  return e instanceof RpcError && e.code === 'RPC';
}

/** A chain id as felt hex (lowercase, no leading zeros), or BAD_RESPONSE. */
function chainFelt(v: unknown): string {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v))
    throw new RpcError(
      'BAD_RESPONSE',
      `starknet_chainId returned ${JSON.stringify(v)}, not a felt`,
      'starknet_chainId',
    );
  return '0x' + BigInt(v).toString(16);
}

/** The default request budget of a block fetch (also the UI's initial value). */
export const DEFAULT_MAX_REQUESTS = 5000;

export class RpcClient {
  readonly stats = { calls: 0, httpRequests: 0, cacheHits: 0, retries: 0, done: 0 };
  private readonly opts: Required<Omit<RpcClientOptions, 'cache' | 'headers' | 'onProgress'>> &
    RpcClientOptions;
  private readonly cache: PersistentCache;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private nextId = 1;
  private batchSize: number;
  private chain?: Promise<string>;
  private scope?: Promise<string>;

  constructor(
    readonly url: string,
    opts: RpcClientOptions = {},
  ) {
    this.opts = {
      maxRequests: DEFAULT_MAX_REQUESTS,
      concurrency: 4,
      batchSize: 20,
      retries: 5,
      backoffMs: 500,
      maxBackoffMs: 30_000,
      timeoutMs: 60_000,
      ...opts,
    };
    this.cache = opts.cache ?? new MemoryCache();
    this.batchSize = Math.max(1, this.opts.batchSize);
  }

  /**
   * The node's chain id (felt hex), asked once per client and never cached: the cache is keyed by
   * it. A refusal (a node without the method) is kept; a transport failure is asked again.
   */
  chainId(): Promise<string> {
    this.chain ??= this.call('starknet_chainId', []).then(chainFelt, (e: unknown) => {
      if (!isRpcRefusal(e)) this.chain = undefined;
      throw e;
    });
    return this.chain;
  }

  /** What this client's cache keys are scoped by: its chain, else its node's URL. */
  private cacheScope(): Promise<string> {
    this.scope ??= this.chainId().then(
      (id) => `chain:${id}`,
      (e: unknown) => {
        if (isRpcRefusal(e)) return `node:${this.url}`;
        this.scope = undefined;
        throw e;
      },
    );
    return this.scope;
  }

  /** A cached response's key: the key version, the chain (or node), the method and params. */
  async cacheKey(method: string, params: unknown): Promise<string> {
    const scope = await this.cacheScope();
    return `v${CACHE_KEY_VERSION}|${scope}|${method}:${JSON.stringify(params)}`;
  }

  /**
   * One JSON-RPC call. `cacheable` responses are stored and reused (use only for immutable data);
   * their keys name the chain, so a cache shared by clients of different networks keeps them apart.
   */
  async call<T = unknown>(method: string, params: unknown, cacheable = false): Promise<T> {
    const key = cacheable ? await this.cacheKey(method, params) : '';
    if (cacheable) {
      const hit = await this.cache.get(key);
      if (hit !== undefined) {
        this.stats.cacheHits++;
        return hit as T;
      }
    }
    if (this.stats.calls >= this.opts.maxRequests) {
      throw new RpcError(
        'BUDGET_EXCEEDED',
        `request budget of ${this.opts.maxRequests} RPC calls exhausted (at ${method}); raise maxRequests or fetch less`,
        method,
      );
    }
    this.stats.calls++;
    const result = await new Promise<unknown>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, method, params, resolve, reject });
      this.schedule();
    });
    if (cacheable) await this.cache.set(key, result);
    this.stats.done++;
    this.opts.onProgress?.({
      phase: 'fetch',
      done: this.stats.done,
      total: this.stats.calls,
      message: method,
    });
    return result as T;
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        void this.run(batch);
      }
    }, 0);
  }

  private async acquire(): Promise<void> {
    while (this.inFlight >= this.opts.concurrency)
      await new Promise<void>((r) => this.waiters.push(r));
    this.inFlight++;
  }

  private release(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }

  private async run(batch: Pending[]): Promise<void> {
    await this.acquire();
    try {
      await this.send(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.release();
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const ra = retryAfter !== null ? Number(retryAfter) : NaN;
    if (Number.isFinite(ra) && ra >= 0) return Math.min(ra * 1000, this.opts.maxBackoffMs);
    const base = this.opts.backoffMs * 2 ** attempt;
    return Math.min(base * (0.75 + Math.random() * 0.5), this.opts.maxBackoffMs);
  }

  /** Send a batch, retrying the whole request or the rate-limited items. */
  private async send(batch: Pending[]): Promise<void> {
    let pending = batch;
    const host = hostOf(this.url);
    for (let attempt = 0; ; attempt++) {
      const body = requestBody(pending, this.batchSize);
      let retry: Retry;
      try {
        this.stats.httpRequests++;
        const res = await this.post(body);
        if (res.status === 429 || res.status >= 500) {
          const reason = res.status === 429 ? 'HTTP 429 Too Many Requests' : `HTTP ${res.status}`;
          retry = { reason, after: res.headers.get('retry-after'), status: res.status };
          await res.text().catch(() => undefined);
        } else {
          const json = await this.okJson(res, host, pending[0].method);
          if (!Array.isArray(json) && Array.isArray(body) && (json as { id?: unknown }).id == null)
            if (this.batchSize > 1) {
              // The server does not accept batches: fall back to single requests.
              this.batchSize = 1;
              for (const p of pending) void this.run([p]);
              return;
            }
          const again = settle(pending, Array.isArray(json) ? json : [json], host);
          if (again.length === 0) return;
          pending = again;
          retry = { reason: 'JSON-RPC rate-limit error', after: null, status: res.status };
        }
      } catch (e) {
        if (e instanceof RpcError) throw e;
        retry = { reason: `network error: ${(e as Error).message}`, after: null };
      }
      if (attempt >= this.opts.retries) throw givingUp(host, retry, attempt, pending[0].method);
      this.stats.retries++;
      await sleep(this.backoff(attempt, retry.after));
    }
  }

  /** One POST of `body`, aborted after the timeout. */
  private async post(body: unknown): Promise<Response> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.opts.timeoutMs);
    try {
      return await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.opts.headers ?? {}) },
        body: JSON.stringify(body),
        signal: ctrl.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The JSON of a response that is not a retryable failure; any other HTTP error throws. */
  private async okJson(res: Response, host: string, method: string): Promise<unknown> {
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw new RpcError(
        'HTTP',
        `RPC endpoint ${host} answered HTTP ${res.status}: ${text.slice(0, 200)}`,
        method,
        undefined,
        res.status,
      );
    }
    try {
      return await res.json();
    } catch {
      throw new RpcError('BAD_RESPONSE', `RPC endpoint ${host} returned a non-JSON body`, method);
    }
  }
}

/** Why an attempt is retried: the reason, the server's Retry-After, the HTTP status if any. */
interface Retry {
  reason: string;
  after: string | null;
  status?: number;
}

type RpcReply = { result?: unknown; error?: { code?: number; message?: string; data?: unknown } };

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A single request when batching is off and one is pending, else a batch. */
function requestBody(pending: Pending[], batchSize: number): unknown {
  const one = (p: Pending) => ({ jsonrpc: '2.0', id: p.id, method: p.method, params: p.params });
  return pending.length === 1 && batchSize === 1 ? one(pending[0]) : pending.map(one);
}

/** Resolve or reject each pending request from the replies; returns the rate-limited ones. */
function settle(pending: Pending[], items: unknown[], host: string): Pending[] {
  const byId = new Map(items.map((it) => [(it as { id?: unknown }).id, it as RpcReply]));
  const again: Pending[] = [];
  for (const p of pending) {
    const it = byId.get(p.id);
    if (!it)
      p.reject(
        new RpcError(
          'BAD_RESPONSE',
          `no response for ${p.method} (id ${p.id}) from ${host}`,
          p.method,
        ),
      );
    else if (it.error && isRateLimitRpcError(it.error)) again.push(p);
    else if (it.error) p.reject(rpcFailure(p.method, it.error));
    else p.resolve(it.result);
  }
  return again;
}

function rpcFailure(method: string, e: NonNullable<RpcReply['error']>): RpcError {
  const data = e.data !== undefined ? ` (${JSON.stringify(e.data).slice(0, 200)})` : '';
  return new RpcError(
    'RPC',
    `${method} failed: JSON-RPC error ${e.code}: ${e.message}${data}`,
    method,
    e.code,
  );
}

/** The error after the last attempt: unreachable, failing server, or rate limited. */
function givingUp(host: string, retry: Retry, attempt: number, method: string): RpcError {
  const tries = `${attempt + 1} attempts`;
  if (retry.reason.startsWith('network'))
    return new RpcError('NETWORK', `cannot reach ${host} after ${tries} (${retry.reason})`, method);
  if (retry.status !== undefined && retry.status >= 500)
    return new RpcError(
      'HTTP',
      `${host} kept failing (${retry.reason}) after ${tries}`,
      method,
      undefined,
      retry.status,
    );
  return new RpcError(
    'RATE_LIMITED',
    `rate limited by ${host} (${retry.reason}) after ${tries}; lower the concurrency, ` +
      'wait a minute, or use an RPC endpoint with a higher limit (your own node or an API key)',
    method,
    undefined,
    retry.status,
  );
}

/**
 * A starknet-devnet node for the truth tests: started on 127.0.0.1 on a free port with a fixed
 * seed, the full state archive (re-execution reads the state at the parent block) and blocks
 * generated on demand (`devnet_createBlock`), so one block can hold many transactions.
 * A test prerequisite only (scripts/setup/devnet.sh installs it); the app never needs it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEVNET_VERSION = '0.10.1';

/** The devnet binary: $DEVNET_BIN, then PATH, then ~/.cargo/bin. Undefined when absent. */
export function findDevnet(): string | undefined {
  const candidates = [
    process.env.DEVNET_BIN,
    ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'starknet-devnet')),
    join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'starknet-devnet'),
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** `starknet-devnet --version`, e.g. "starknet-devnet 0.10.1". */
export function devnetVersion(bin: string): string {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

let rpcId = 0;
/** One JSON-RPC call; throws with the node's error message. */
export async function rpc<T = unknown>(
  url: string,
  method: string,
  params: unknown = [],
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = (await res.json()) as {
    result?: T;
    error?: { code: number; message: string; data?: unknown };
  };
  if (body.error)
    throw new Error(
      `${method}: ${body.error.code} ${body.error.message}${body.error.data !== undefined ? ' ' + JSON.stringify(body.error.data) : ''}`,
    );
  return body.result as T;
}

export interface Devnet {
  url: string;
  version: string;
  seed: number;
  /** Stop the node (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
  stop(): Promise<void>;
  /** Everything the node printed (for failure messages). */
  log(): string;
}

export interface DevnetOptions {
  seed?: number;
  accounts?: number;
  bin?: string;
  /** Milliseconds to wait for the node to answer. */
  startTimeoutMs?: number;
  /** The predeployed accounts' class (`--account-class`; the node's default is cairo1). */
  accountClass?: 'cairo0' | 'cairo1';
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

async function waitAnswering(
  url: string,
  proc: ChildProcess,
  timeoutMs: number,
  log: () => string,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`starknet-devnet exited (${proc.exitCode}):\n${log()}`);
    try {
      await rpc(url, 'starknet_specVersion');
      return;
    } catch {
      if (Date.now() > until)
        throw new Error(`starknet-devnet did not answer in ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Start a node; the caller must `stop()` it (use try/finally or afterAll). */
export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const bin = opts.bin ?? findDevnet();
  if (!bin) throw new Error('starknet-devnet not found: run scripts/setup/devnet.sh');
  const seed = opts.seed ?? 42;
  const port = await freePort();
  const args = [
    ...['--host', '127.0.0.1', '--port', String(port), '--seed', String(seed)],
    ...['--accounts', String(opts.accounts ?? 20), '--state-archive-capacity', 'full'],
    ...['--block-generation-on', 'demand'],
    ...(opts.accountClass ? ['--account-class', opts.accountClass] : []),
  ];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}/rpc`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    live.delete(proc);
    if (proc.exitCode !== null) return;
    const done = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  };
  try {
    await waitAnswering(url, proc, opts.startTimeoutMs ?? 60_000, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, version: devnetVersion(bin), seed, stop, log: () => out };
}

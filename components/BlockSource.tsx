'use client';

import { useEffect, useRef, useState } from 'react';
import { PRESETS, presetInfo, type PresetId } from '@/lib/presets';
import { useBlock } from '@/lib/stores/block';
import { fmtNum } from '@/lib/format';
import { download } from '@/lib/export/export';
import { DEFAULT_MAX_REQUESTS } from '@/engine/blocks/import/rpc-client';
import type { GalleryEntry } from '@/lib/gallery';
import type { BlockSummary } from '@/lib/engine-worker/protocol';
import { RangePanel } from './RangePanel';

const input =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

export function BlockSource({ onLoaded }: { onLoaded: () => void }) {
  const { summary, loading, progress, error, version } = useBlock();
  const { gallery, galleryId, loadGallery, loadGalleryIndex } = useBlock();
  useEffect(() => {
    if (!gallery) void loadGalleryIndex();
  }, [gallery, loadGalleryIndex]);
  const [rpcUrl, setRpcUrl] = useState('');
  return (
    <div className="flex flex-col gap-3 text-sm">
      <PresetPicker onLoaded={onLoaded} />
      <GalleryPicker
        entries={gallery}
        selected={galleryId}
        disabled={loading}
        onPick={async (id) => (await loadGallery(id)) && onLoaded()}
      />
      <JsonImport onLoaded={onLoaded} />
      <RpcLoader onLoaded={onLoaded} rpcUrl={rpcUrl} setRpcUrl={setRpcUrl} />
      <RangePanel defaultUrl={rpcUrl.trim()} />
      {loading && (
        <p role="status" className="text-xs text-slate-500 dark:text-slate-400">
          Loading… {progress ? `${progress.message ?? ''} ${progress.done}/${progress.total}` : ''}
        </p>
      )}
      {error && <LoadError onLoaded={onLoaded} />}
      {summary && <BlockFacts summary={summary} />}
      {summary?.executable && <SaveReexecution key={version} title={summary.title} />}
      {summary && summary.warnings.length > 0 && <Remarks warnings={summary.warnings} />}
    </div>
  );
}

/** The presets, and the size and contention of a generated one. */
function PresetPicker({ onLoaded }: { onLoaded: () => void }) {
  const { presetId, presetParams, loadPreset } = useBlock();
  const info = presetId ? presetInfo(presetId) : null;
  const pick = async (id: PresetId) => {
    const next = presetInfo(id)!;
    const keepN = next.generated && info?.generated;
    if (await loadPreset(id, { n: keepN ? presetParams.n : next.defaultN })) onLoaded();
  };
  const reload = async (patch: { n?: number; contention?: number }) => {
    if (presetId && (await loadPreset(presetId, patch))) onLoaded();
  };
  return (
    <>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Presets
        </legend>
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            data-testid={`preset-${p.id}`}
            aria-pressed={presetId === p.id}
            onClick={() => pick(p.id)}
            title={p.description}
            className={`rounded px-2 py-1 text-left transition ${
              presetId === p.id
                ? 'bg-blue-600 text-white'
                : 'hover:bg-slate-100 dark:hover:bg-slate-800'
            }`}
          >
            {p.title}
          </button>
        ))}
      </fieldset>
      {info?.generated && (
        <div className="flex flex-col gap-2 rounded border border-slate-200 p-2 dark:border-slate-800">
          <label className="flex items-center justify-between gap-2">
            <span>Transactions</span>
            <input
              type="number"
              min={1}
              max={info.maxN}
              aria-label="Number of transactions"
              defaultValue={presetParams.n}
              key={`n-${presetParams.n}`}
              onBlur={(e) =>
                reload({ n: Math.max(1, Math.min(info.maxN, Number(e.target.value) || 1)) })
              }
              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              className={`${input} w-24`}
            />
          </label>
          <label className="flex flex-col gap-1">
            <span>
              Contention{' '}
              <span className="text-slate-500 dark:text-slate-400">
                ({Math.round(presetParams.contention * 100)}%)
              </span>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              aria-label="Contention"
              defaultValue={presetParams.contention}
              key={`c-${presetParams.contention}`}
              onPointerUp={(e) =>
                reload({ contention: Number((e.target as HTMLInputElement).value) })
              }
              onKeyUp={(e) => reload({ contention: Number((e.target as HTMLInputElement).value) })}
              className="accent-blue-500"
            />
          </label>
        </div>
      )}
    </>
  );
}

/** Pasted or dropped JSON, or a file from disk: the same import and the same errors. */
function JsonImport({ onLoaded }: { onLoaded: () => void }) {
  const { loading, importJson } = useBlock();
  const fileInput = useRef<HTMLInputElement>(null);
  const [json, setJson] = useState('');
  const importFile = async (f: File | undefined) => {
    if (!f) return;
    const text = await f.text();
    setJson(text.slice(0, 2000));
    if (await importJson(text, f.name)) onLoaded();
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    void importFile(e.dataTransfer.files[0]);
  };
  return (
    <details className="rounded border border-slate-200 p-2 dark:border-slate-800">
      <summary className="cursor-pointer font-medium">
        Paste or drop block JSON, or open a file
      </summary>
      <textarea
        aria-label="Block JSON"
        value={json}
        onChange={(e) => setJson(e.target.value)}
        onDrop={onDrop}
        onDragOver={(e) => e.preventDefault()}
        placeholder="JSON-RPC, feeder gateway or STM Explorer bundle — or drop a file here"
        className={`${input} mt-2 h-20 font-mono text-xs`}
      />
      <button
        type="button"
        disabled={!json.trim() || loading}
        onClick={async () => (await importJson(json)) && onLoaded()}
        className="mt-1 rounded bg-slate-700 px-2 py-1 text-white disabled:opacity-40"
      >
        Import JSON
      </button>
      <button
        type="button"
        disabled={loading}
        onClick={() => fileInput.current?.click()}
        aria-label="Open file… (import a JSON file from disk)"
        data-testid="open-file"
        className="ml-2 mt-1 rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="File to import"
        data-testid="open-file-input"
        onChange={(e) => {
          void importFile(e.target.files?.[0]);
          e.target.value = ''; // opening the same file again fires change again
        }}
      />
    </details>
  );
}

/** A block over JSON-RPC, optionally re-executed for exact access sets, within a request budget. */
function RpcLoader(props: {
  onLoaded: () => void;
  rpcUrl: string;
  setRpcUrl: (url: string) => void;
}) {
  const { loading, fetchRpc } = useBlock();
  const { rpcUrl, setRpcUrl } = props;
  const [blockNo, setBlockNo] = useState('latest');
  const [exact, setExact] = useState(false);
  const [budget, setBudget] = useState(DEFAULT_MAX_REQUESTS);
  const fetchBlock = async () => {
    const id = blockNo === 'latest' ? 'latest' : Number(blockNo);
    if (await fetchRpc(rpcUrl.trim(), id, { exact, maxRequests: budget })) props.onLoaded();
  };
  return (
    <details className="rounded border border-slate-200 p-2 dark:border-slate-800">
      <summary className="cursor-pointer font-medium">Load over RPC</summary>
      <label className="mt-2 flex flex-col gap-1">
        <span className="text-xs">Starknet JSON-RPC URL</span>
        <input
          className={input}
          value={rpcUrl}
          onChange={(e) => setRpcUrl(e.target.value)}
          placeholder="https://…/rpc/v0_8"
        />
      </label>
      <label className="mt-1 flex flex-col gap-1">
        <span className="text-xs">Block number</span>
        <input className={input} value={blockNo} onChange={(e) => setBlockNo(e.target.value)} />
      </label>
      <label className="mt-1 flex items-start gap-2 text-xs">
        <input
          type="checkbox"
          checked={exact}
          onChange={(e) => setExact(e.target.checked)}
          className="mt-0.5"
        />
        <span>
          Exact access sets: re-execute every transaction on the Cairo VM against the parent block’s
          state (classes and state fetched on demand; mismatches with the block’s own diffs are
          listed)
        </span>
      </label>
      <label className="mt-1 flex items-center justify-between gap-2 text-xs">
        <span>Request budget (RPC calls; cached responses are free)</span>
        <input
          type="number"
          min={1}
          className={`${input} w-24`}
          value={budget}
          onChange={(e) => setBudget(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <button
        type="button"
        disabled={!rpcUrl.trim() || loading}
        onClick={fetchBlock}
        className="mt-1 rounded bg-slate-700 px-2 py-1 text-white disabled:opacity-40"
      >
        Fetch block
      </button>
    </details>
  );
}

/**
 * Why the last load failed: the engine's message, and for a hash mismatch what it means and a way
 * to import the same block without the check.
 */
function LoadError({ onLoaded }: { onLoaded: () => void }) {
  const { error, errorHelp, canImportUnchecked, loading, importWithoutHashCheck } = useBlock();
  return (
    <div
      role="alert"
      data-testid="load-error"
      className="flex flex-col gap-1 rounded bg-red-100 p-2 text-xs text-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {errorHelp && <p className="font-medium">{errorHelp}</p>}
      <p className={errorHelp ? 'break-words font-mono text-[11px] opacity-80' : undefined}>
        {error}
      </p>
      {canImportUnchecked && (
        <button
          type="button"
          data-testid="import-unchecked"
          disabled={loading}
          onClick={async () => (await importWithoutHashCheck()) && onLoaded()}
          className="self-start rounded border border-red-300 bg-white px-2 py-0.5 text-red-900 hover:bg-red-50 disabled:opacity-40 dark:border-red-800 dark:bg-red-900 dark:text-red-100"
        >
          Import without checking hashes
        </button>
      )}
    </div>
  );
}

const HASH_TONE = {
  verified: 'text-emerald-700 dark:text-emerald-400',
  partly: 'text-slate-700 dark:text-slate-300',
  unchecked: 'text-amber-800 dark:text-amber-300',
  off: 'text-amber-800 dark:text-amber-300',
} as const;

/** The loaded block's title and counts. */
function BlockFacts({ summary }: { summary: BlockSummary }) {
  return (
    <dl
      data-testid="block-summary"
      className="grid grid-cols-2 gap-x-2 gap-y-0.5 rounded bg-slate-100 p-2 text-xs dark:bg-slate-800/60"
    >
      <dt className="col-span-2 font-semibold">{summary.title}</dt>
      <dt>Transactions</dt>
      <dd data-testid="summary-txs" className="text-right tabular-nums">
        {fmtNum(summary.txCount)}
      </dd>
      <dt>Contracts</dt>
      <dd className="text-right tabular-nums">{fmtNum(summary.contracts)}</dd>
      <dt>Cells</dt>
      <dd className="text-right tabular-nums">{fmtNum(summary.cells)}</dd>
      {summary.accessMode && (
        <>
          <dt>Access sets</dt>
          <dd className="text-right">{summary.accessMode}</dd>
        </>
      )}
      {summary.hashCheck && (
        <dd
          data-testid="summary-hash-check"
          className={`col-span-2 ${HASH_TONE[summary.hashCheck.status]}`}
        >
          {summary.hashCheck.text}
        </dd>
      )}
    </dl>
  );
}

/** The import's remarks: three shown, the rest behind a disclosure. */
function Remarks({ warnings }: { warnings: string[] }) {
  return (
    <div data-testid="block-warnings" className="text-xs text-amber-800 dark:text-amber-300">
      <ul className="flex flex-col gap-0.5">
        {warnings.slice(0, 3).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
      {warnings.length > 3 && (
        <details>
          <summary className="cursor-pointer">{warnings.length - 3} more remarks</summary>
          <ul
            className="flex max-h-48 flex-col gap-0.5 overflow-auto"
            tabIndex={0}
            aria-label="More remarks"
          >
            {warnings.slice(3).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Real blocks shipped with the app (public/gallery, built by scripts/build-gallery.ts). */
function GalleryPicker(props: {
  entries: GalleryEntry[] | null;
  selected: string | null;
  disabled: boolean;
  onPick: (id: string) => void;
}) {
  if (!props.entries?.length) return null;
  return (
    <fieldset className="flex flex-col gap-1" data-testid="gallery">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Real blocks (gallery)
      </legend>
      {props.entries.map((g) => (
        <button
          key={g.id}
          type="button"
          data-testid={`gallery-${g.id}`}
          aria-pressed={props.selected === g.id}
          disabled={props.disabled}
          onClick={() => props.onPick(g.id)}
          title={`${g.network} block ${g.blockNumber}; source: ${g.source.repository} @ ${g.source.commit.slice(0, 8)}`}
          className={`rounded px-2 py-1 text-left transition ${
            props.selected === g.id
              ? 'bg-blue-600 text-white'
              : 'hover:bg-slate-100 dark:hover:bg-slate-800'
          }`}
        >
          {g.title}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * Save the loaded re-execution as a JSON file: importing it again (paste or drop, or the CLI's
 * analyze <file>) shows the same block and runs its Cairo code on real workers, with no RPC node.
 */
function SaveReexecution({ title }: { title: string }) {
  const saved = useBlock((b) => b.savedReexecution);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="text-xs">
      <button
        type="button"
        data-testid="save-reexecution"
        title="Block, findings, fetched pre-state and classes in one JSON file: import it again with no RPC node"
        onClick={async () => {
          setError(null);
          try {
            const json = await saved();
            if (!json) throw new Error('this block was not re-executed');
            download(`${fileStem(title)}.json`, json, 'application/json');
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          }
        }}
        className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Save re-executed block (JSON)
      </button>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          Could not save: {error}
        </p>
      )}
    </div>
  );
}

/** "Block 500 via RPC (re-executed)" → "block-500-reexecuted". */
function fileStem(title: string): string {
  const base = title
    .replace(/\(.*?\)|via RPC/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'block'}-reexecuted`;
}

/**
 * A contract class file as run-contract reads it. A deprecated (Cairo 0) class may come in the
 * JSON-RPC form (`starknet_getClass`: `program` is the base64 of the gzipped program JSON,
 * starknet-specs DEPRECATED_CONTRACT_CLASS); it is turned into the compiled form (program inline)
 * here, so that loading and the class hash see one form. The program's text is kept verbatim: its
 * constants exceed 2^53 and must not pass through JSON.parse.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isDeprecatedClassJson } from '../starknet/deprecated/class';
import { InputError } from './errors';

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `text` with a compressed deprecated program inflated inline; any other class unchanged. */
export function inflateDeprecatedClassText(text: string, file = 'class'): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text; // not JSON: the loader reports it
  }
  if (!isDeprecatedClassJson(parsed)) return text;
  const p = parsed.program;
  if (typeof p !== 'string' || p.trimStart().startsWith('{')) return text;
  let program: string;
  try {
    program = gunzipSync(Buffer.from(p, 'base64')).toString('utf8');
  } catch (e) {
    throw new InputError(`${file}: program is neither JSON nor base64 of gzip (${String(e)})`);
  }
  const abi = JSON.stringify(parsed.abi ?? []);
  const eps = JSON.stringify(parsed.entry_points_by_type);
  return `{"abi": ${abi}, "entry_points_by_type": ${eps}, "program": ${program}}`;
}

/**
 * Read a class file, in any of the forms run-contract takes; `rpcForm` when its program was
 * compressed. The class hash of that form is not recomputed: a node's program JSON is its own
 * re-serialization (devnet 0.10.1 serves the OpenZeppelin Cairo 0 account
 * 0x4d07e40e…bc5f with a program whose hinted class hash gives 0x2c15788…e9c), so the hash
 * must be given.
 */
export function readClassFile(file: string): { text: string; rpcForm: boolean } {
  const raw = readText(file);
  const text = inflateDeprecatedClassText(raw, file);
  return { text, rpcForm: text !== raw };
}

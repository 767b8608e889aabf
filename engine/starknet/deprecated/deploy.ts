/**
 * The deprecated `deploy` syscall (blockifier hint_processor.rs `deploy` → execution_utils.rs
 * `execute_deployment`): the address from the salt, class, calldata and deployer (0 with
 * `deploy_from_zero`), which must be free; the class hash is set before the constructor runs,
 * with the deploying contract as its caller; the constructor runs non-reverting. An error before
 * the constructor runs carries a constructor frame with no selector (error-stack.ts
 * `deploymentError`).
 */
import { hash } from 'starknet';
import { hex64 } from '../errors';
import { deploymentError } from '../error-stack';
import type { DeprecatedSyscallHandler } from './syscalls';
import { isDeprecatedClass } from './class';

const CONSTRUCTOR = BigInt(hash.getSelectorFromName('constructor'));

export interface DeployRequest {
  classHash: bigint;
  salt: bigint;
  calldata: bigint[];
  /** The address the contract address is computed from (0 with deploy_from_zero). */
  deployer: bigint;
}

/** Does the class have a constructor? */
function hasConstructor(cls: unknown): boolean {
  if (isDeprecatedClass(cls)) return cls.entryPoints.CONSTRUCTOR.length > 0;
  const casm = cls as { entryPoints: { CONSTRUCTOR: unknown[] } };
  return casm.entryPoints.CONSTRUCTOR.length > 0;
}

/** Deploy and run the constructor; returns the new contract's address. */
export function deployContract(h: DeprecatedSyscallHandler, d: DeployRequest): bigint {
  const address = BigInt(
    hash.calculateContractAddressFromHash(d.salt, d.classHash, d.calldata.map(String), d.deployer),
  );
  const state = h.ctx.state;
  const fail = (message: string) => deploymentError(address, d.classHash, message);
  if (state.getClassHashAt(address) !== 0n)
    throw fail(`Deployment failed: contract already deployed at address ${hex64(address)}`);
  state.setClassHashAt(address, d.classHash);
  const cls = state.getCompiledClass(d.classHash);
  if (!cls) throw fail(`Class with hash ${hex64(d.classHash)} is not declared.`);
  if (!hasConstructor(cls)) {
    if (d.calldata.length > 0)
      throw fail(
        'Invalid input: constructor_calldata; Cannot pass calldata to a contract with no constructor.',
      );
    return address;
  }
  h.inner({
    contract: address,
    selector: CONSTRUCTOR,
    calldata: d.calldata,
    caller: h.call.contract,
    entryPointType: 'CONSTRUCTOR',
  });
  return address;
}

/**
 * PROJECT EXTENSION (not a cairo-lang-casm hint): `AddEcdsaSignature { ecdsa_ptr, r, s }`.
 *
 * Cairo 1 has no hint that registers a signature for the ecdsa builtin; Cairo 0 does it with the
 * Python hint `ecdsa_builtin.add_signature(ids.ecdsa_ptr.address_, (ids.r, ids.s))`. This hint
 * has the same semantics: `ecdsa_ptr` (a ResOperand) evaluates to the address of an ecdsa
 * instance, `r` and `s` to felts; the signature is registered for that instance and verified by
 * the builtin once the public-key and message cells are both written (immediately, if they
 * already are). Used by our demo account contract (engine/starknet/demo/contracts.ts).
 * Assembly: `%{ AddEcdsaSignature ecdsa_ptr=[fp + -7] r=[fp + 2] s=[fp + 3] %}`.
 */
import { VmError } from '../errors';
import { isRel, relOff, relSeg, showVal } from '../relocatable';
import type { HintFn } from '../vm';
import { addEcdsaSignature as register } from '../builtins/ecdsa';
import { type ResOperand, resFelt, resVal } from './operands';

export const addEcdsaSignature = (f: {
  ecdsa_ptr: ResOperand;
  r: ResOperand;
  s: ResOperand;
}): HintFn => {
  return (vm) => {
    const p = resVal(vm, f.ecdsa_ptr);
    if (!isRel(p)) throw new VmError('HintError', `ecdsa_ptr is not an address: ${showVal(p)}`);
    register(vm.mem, relSeg(p), relOff(p), resFelt(vm, f.r), resFelt(vm, f.s));
  };
};

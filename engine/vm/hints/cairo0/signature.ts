/**
 * signature.cairo's verify_ecdsa_signature (cairo-lang v0.13.x): register (r, s) for the ecdsa
 * builtin instance at `ecdsa_ptr`, as `ecdsa_builtin.add_signature` does; the builtin verifies it
 * once the instance's public key and message are written (builtins/ecdsa.ts).
 */
import { addEcdsaSignature } from '../../builtins/ecdsa';
import { relOff, relSeg } from '../../relocatable';
import type { Cairo0Hint, HintContext } from './context';

export function addSignature(c: HintContext): void {
  const ptr = c.ids.ptr('ecdsa_ptr.address_');
  const r = c.ids.felt('signature_r');
  const s = c.ids.felt('signature_s');
  addEcdsaSignature(c.vm.mem, relSeg(ptr), relOff(ptr), r, s);
}

export const SIGNATURE_HINTS: Record<string, Cairo0Hint> = {
  'ecdsa_builtin.add_signature(ids.ecdsa_ptr.address_, (ids.signature_r, ids.signature_s))':
    addSignature,
};

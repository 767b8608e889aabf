import {
  EV_ABORT,
  EV_COMMIT,
  EV_EXECUTE,
  EV_VALIDATE,
  FLAG_FAILED,
  FLAG_MEMO,
} from '../../engine/stm/events';
import type { Palette } from '../stores/theme';

/** Colour of a timeline bar: kind, re-execution, reused result, failed validation. */
export function barColorOf(p: Palette, kind: number, flags: number, inc: number): string {
  switch (kind) {
    case EV_EXECUTE:
      return flags & FLAG_MEMO ? p.memo : inc > 0 ? p.reexecute : p.execute;
    case EV_VALIDATE:
      return flags & FLAG_FAILED ? p.failed : p.validate;
    case EV_ABORT:
      return p.abort;
    case EV_COMMIT:
      return p.commit;
  }
  return p.muted;
}

import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findForbiddenImports } from '../../../scripts/engine-boundary';

const root = resolve(__dirname, '../../..');

describe('engine/stm layering', () => {
  it('no file under engine/stm imports engine/starknet, engine/blocks or engine/vm', () => {
    const v = findForbiddenImports(join(root, 'engine'), root).filter((x) =>
      x.file.startsWith('engine/stm'),
    );
    expect(v).toEqual([]);
  });

  it('the checker catches such imports (relative, type-only, re-export, dynamic, @/ alias)', () => {
    const check = (src: string, file = 'engine/stm/parallel/x.ts') =>
      findForbiddenImports.checkSource(src, file, root);
    expect(check("import { findPreset } from '../../blocks/catalog';")).toHaveLength(1);
    expect(check("import type { CasmClass } from '../../starknet/casm';")).toHaveLength(1);
    expect(check("export { Felt } from '../../vm/felt';")).toHaveLength(1);
    expect(check("const m = await import('../../starknet/transactions');")).toHaveLength(1);
    expect(check("import { x } from '@/engine/vm/memory';")).toHaveLength(1);
    expect(
      check("import { mulberry32 } from '../random';", 'engine/stm/simulator.ts'),
    ).toHaveLength(0);
    expect(check("import type { CellKey } from '../../types';")).toHaveLength(0);
    expect(check("import { LogBuilder } from '../events';")).toHaveLength(0);
    // the same import is fine outside engine/stm
    expect(
      check("import { findPreset } from '../catalog';", 'engine/blocks/parallel/x.ts'),
    ).toHaveLength(0);
    expect(check("import { findPreset } from '../../blocks/catalog';")[0].rule).toBe(
      'engine/stm must not import engine/blocks',
    );
  });

  it('a real file violating the rule makes the tree check fail', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'layering-'));
    try {
      mkdirSync(join(tmp, 'engine/stm/parallel'), { recursive: true });
      mkdirSync(join(tmp, 'engine/starknet'), { recursive: true });
      writeFileSync(join(tmp, 'engine/starknet/state.ts'), 'export const x = 1;\n');
      writeFileSync(
        join(tmp, 'engine/stm/parallel/ok.ts'),
        "import type { BlockExecutor } from '../types';\n",
      );
      expect(findForbiddenImports(join(tmp, 'engine'), tmp)).toEqual([]);
      writeFileSync(
        join(tmp, 'engine/stm/parallel/bad.ts'),
        "import {\n  x,\n} from '../../starknet/state';\nexport const y = x;\n",
      );
      const v = findForbiddenImports(join(tmp, 'engine'), tmp);
      expect(v).toHaveLength(1);
      expect(v[0].file).toBe(join('engine', 'stm', 'parallel', 'bad.ts'));
      expect(v[0].rule).toBe('engine/stm must not import engine/starknet');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

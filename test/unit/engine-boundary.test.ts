import { describe, expect, it } from 'vitest';

import { join, resolve } from 'node:path';
import { findForbiddenImports } from '../../scripts/engine-boundary';

const root = resolve(__dirname, '../..');

describe('engine/ import boundary', () => {
  it('no file under engine/ imports React, Next, or app/components/lib', () => {
    const violations = findForbiddenImports(join(root, 'engine'), root);
    expect(violations).toEqual([]);
  });

  it('the checker really catches a forbidden import', () => {
    const v1 = findForbiddenImports.checkSource("import React from 'react';", 'engine/x.ts', root);
    const v2 = findForbiddenImports.checkSource(
      "import { useRun } from '../../lib/run-store';",
      'engine/stm/x.ts',
      root,
    );
    const v3 = findForbiddenImports.checkSource(
      "const m = await import('next/navigation');",
      'engine/x.ts',
      root,
    );
    const v4 = findForbiddenImports.checkSource(
      "import { hex } from '../types';",
      'engine/stm/x.ts',
      root,
    );
    const v5 = findForbiddenImports.checkSource(
      "import x from '@/components/Foo';",
      'engine/x.ts',
      root,
    );
    expect(v1.length).toBe(1);
    expect(v2.length).toBe(1);
    expect(v3.length).toBe(1);
    expect(v4.length).toBe(0);
    expect(v5.length).toBe(1);
  });
});

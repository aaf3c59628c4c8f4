import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticImports, staticModuleGraph } from '../../scripts/entry-sizes.js';

describe('entry sizes (scripts/entry-sizes.ts)', () => {
  it('counts static relative imports and re-exports, not packages or dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      'import {\n  b,\n  c,\n} from "../b.js";',
      "export * from './core.js';",
      "export { d } from './d.js';",
      "import './side.js';",
      "import vega from 'vega';",
      "const h = await import('./highs.js');",
      "const s = 'import x from \"./not-code.js\"';",
    ].join('\n');
    expect(staticImports(source)).toEqual(['./a.js', '../b.js', './core.js', './d.js', './side.js']);
  });

  it('follows imports transitively, once per module, through cycles', () => {
    const files: Record<string, string> = {
      [resolve('/p/index.js')]: "export * from './core.js';\nimport { x } from './x.js';",
      [resolve('/p/core.js')]: "import { x } from './x.js';\nimport { y } from './sub/y.js';",
      [resolve('/p/x.js')]: "import { core } from './core.js';",
      [resolve('/p/sub/y.js')]: "const lazy = () => import('../lazy.js');",
    };
    expect(staticModuleGraph('/p/index.js', (p) => files[p])).toEqual(['/p/core.js', '/p/index.js', '/p/sub/y.js', '/p/x.js'].map((p) => resolve(p)));
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const biome = join(root, 'node_modules/.bin/biome');
// Inside the repository: Biome builds its module graph only for files of the project it lints. The folder is
// git-ignored (`.tmp-*`), hence --vcs-use-ignore-file=false.
const dir = mkdtempSync(join(root, 'test/unit/lint/.tmp-cycles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `biome lint` with the repository's own biome.json on files written to a scratch folder. */
function lint(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return spawnSync(biome, ['lint', '--config-path', root, '--vcs-use-ignore-file=false', dir], {
    encoding: 'utf8',
  });
}

// Biome builds the module graph of the whole project: seconds, more on a loaded machine (not a timed test).
describe('npm run lint refuses import cycles (biome.json: noImportCycles is an error)', {
  timeout: 60_000,
}, () => {
  it('fails on two modules that import each other, type-only imports included', () => {
    const result = lint({
      'a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'b.ts':
        "import { a } from './c';\nimport type { A } from './a';\nexport interface B { a?: A }\nexport const b = a;\n",
      'c.ts': 'export const a = 1;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('noImportCycles');
  });

  it('passes once the cycle is gone', () => {
    const result = lint({
      'a.ts': 'export interface A { n: number }\n',
      'b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
      'c.ts': 'export const a = 1;\n',
    });
    expect(result.stdout + result.stderr).not.toContain('noImportCycles');
    expect(result.status).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../../../sdk/src/version';

// What `npm publish` would ship from sdk/, from the build `npm test` runs first (`npm run build`).
const sdkDir = fileURLToPath(new URL('../../../sdk/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));

interface PackResult {
  name: string;
  version: string;
  files: { path: string }[];
}

/** Every file path an `exports` entry names, conditions included. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

describe('sdk/ as an npm package', () => {
  it('`npm pack --dry-run` ships the builds, the declarations and the README, and nothing else', () => {
    // --ignore-scripts: check the build `npm test` made (prepack would rebuild, racing other test files).
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: sdkDir,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(out) as PackResult[];
    expect(result?.name).toBe('@keepwell/sdk');
    expect(result?.version).toBe(SDK_VERSION);
    const files = result!.files.map((f) => f.path).sort();
    for (const f of [
      'README.md',
      'package.json',
      'dist/keepwell.js',
      'dist/keepwell.min.js',
      'dist/keepwell.cjs',
      'dist/keepwell.iife.min.js',
      'dist/index.d.ts',
    ]) {
      expect(files).toContain(f);
    }
    // No sources, build scripts or tsconfigs.
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'README.md' && f !== 'package.json')).toEqual(
      [],
    );
    // Every file `exports`, `main`, `module` and `types` name is in the package.
    const targets = [...exportTargets(pkg.exports), pkg.main, pkg.module, pkg.types].map((t: string) =>
      t.replace(/^\.\//, ''),
    );
    for (const t of targets) expect(files, t).toContain(t);
  });

  it('`exports` resolve to working builds for import and require, typed by the declarations', async () => {
    const dot = pkg.exports['.'];
    const esm = await import(pathToFileURL(join(sdkDir, dot.import)).href);
    expect(typeof esm.createKeepwell).toBe('function');
    expect(esm.SDK_VERSION).toBe(SDK_VERSION);
    const cjs = createRequire(join(sdkDir, 'package.json'))(join(sdkDir, dot.require));
    expect(typeof cjs.createKeepwell).toBe('function');
    // The declarations describe the same API.
    const types = readFileSync(join(sdkDir, dot.types), 'utf8');
    expect(types).toMatch(/export declare function createKeepwell\(/);
    for (const f of ['version.d.ts', 'wire.d.ts', 'hide.d.ts'])
      expect(existsSync(join(sdkDir, 'dist', f))).toBe(true);
  });
});

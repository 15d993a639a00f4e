import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const biome = join(root, 'node_modules/.bin/biome');
// Unlike import-cycles.test.ts this needs no module graph, so the probe goes into a scratch project outside the
// repository with a copy of its biome.json, at the path a component has in web/: Biome then reads one file instead of
// scanning the repository, and `npm run lint` can never see the probe.
const dir = mkdtempSync(join(tmpdir(), 'keepwell-lint-vue-'));
copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
mkdirSync(join(dir, 'web/src/components'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `shown` and `TierBadge` are used only by the template; `unusedImport` and `unusedValue` by nothing at all; the
// image has no text alternative.
const PROBE = `<script setup lang="ts">
import { ref } from 'vue';
import { unusedImport } from './format';
import TierBadge from './TierBadge.vue';

const shown = ref(1);
const unusedValue = 2;
</script>

<template>
  <img src="/logo.svg" />
  <p>{{ shown }}</p>
  <TierBadge tier="green" />
</template>
`;

interface Finding {
  rule: string;
  line: number;
}

/**
 * Runs `biome lint` with the repository's biome.json on a .vue file; GitHub's annotation format is stable and
 * gives one line per finding.
 */
function lintVue(text: string): Finding[] {
  const path = 'web/src/components/LintProbe.vue';
  writeFileSync(join(dir, path), text);
  const result = spawnSync(biome, ['lint', '--vcs-enabled=false', '--reporter=github', path], {
    cwd: dir,
    encoding: 'utf8',
  });
  return [...result.stdout.matchAll(/^::\w+ title=([^,]+),file=[^,]+,line=(\d+)/gm)].map((m) => ({
    rule: m[1]!,
    line: Number(m[2]),
  }));
}

describe('npm run lint checks .vue files (biome.json: html.experimentalFullSupportEnabled)', () => {
  let findings: Finding[];
  beforeAll(() => {
    findings = lintVue(PROBE);
  }, 30_000);

  it('lints the script, counting what the template uses as used', () => {
    expect(findings.filter((f) => f.rule.startsWith('lint/correctness/noUnused'))).toEqual([
      { rule: 'lint/correctness/noUnusedImports', line: 3 },
      { rule: 'lint/correctness/noUnusedVariables', line: 7 },
    ]);
  });

  it('lints the template markup', () => {
    expect(findings).toContainEqual({ rule: 'lint/a11y/useAltText', line: 11 });
  });
});

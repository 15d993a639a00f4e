import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE, defaultSeedSql } from '../../../drizzle/default-seed';
import { DEFAULT_ALERT_RULES } from '../../../shared/alerts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('default seed migration', () => {
  it('is what the TypeScript defaults generate now (run `npm run db:seed-sql` after changing them)', () => {
    expect(readFileSync(`${root}/${DEFAULT_SEED_FILE}`, 'utf8')).toBe(defaultSeedSql());
  });

  it('inserts every default alert rule, the survey rules included, and never overwrites', () => {
    const sql = defaultSeedSql();
    for (const r of DEFAULT_ALERT_RULES) expect(sql).toContain(`('${r.id}', '${r.kind}'`);
    expect(sql).not.toMatch(/ON CONFLICT|INSERT OR REPLACE|^(UPDATE|DELETE)/im);
    expect(sql.match(/^INSERT OR IGNORE INTO/gm)).toHaveLength(4);
  });
});

import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../drizzle/schema';

/** Drizzle over D1 with snake_case columns (as in drizzle.config.ts). */
export function getDb(d1: D1Database) {
  return drizzle(d1, { schema, casing: 'snake_case' });
}

export type Db = ReturnType<typeof getDb>;

import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../drizzle/schema';

const create = (d1: D1Database) => drizzle(d1, { schema, casing: 'snake_case' });
export type Db = ReturnType<typeof create>;

// One instance per binding: building drizzle's relational config from the schema on every request showed
// up in the ingest profile.
const instances = new WeakMap<D1Database, Db>();

/** Drizzle over D1 with snake_case columns (as in drizzle.config.ts). */
export function getDb(d1: D1Database): Db {
  let db = instances.get(d1);
  if (!db) {
    db = create(d1);
    instances.set(d1, db);
  }
  return db;
}

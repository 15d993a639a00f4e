import { z } from 'zod';

// The demo workspace (`npm run demo`, the dashboard's "Load demo data"): its status, start and removal.

/** `GET /api/demo`: whether demo data is loaded, and how much of it. */
export const demoStatusSchema = z
  .object({
    loaded: z.boolean().meta({ description: 'A demo source exists or demo accounts remain.' }),
    sourceId: z.string().nullable().meta({ description: 'The demo source (its events are demo data).' }),
    accounts: z.number().int().nonnegative().meta({ description: 'Demo accounts stored.' }),
    loadedAt: z.string().nullable(),
  })
  .meta({ id: 'DemoStatus' });
export type DemoStatus = z.infer<typeof demoStatusSchema>;

/** `POST /api/demo` → 201: the demo source and its write key (returned once), for the loader's SDK. */
export const demoStartedSchema = z
  .object({ sourceId: z.string(), writeKey: z.string() })
  .meta({ id: 'DemoStarted' });
export type DemoStarted = z.infer<typeof demoStartedSchema>;

/** `DELETE /api/demo` → 200: rows removed per table. */
export const demoRemovedSchema = z
  .object({
    accounts: z.number().int().nonnegative(),
    removed: z.record(z.string(), z.number().int().nonnegative()),
  })
  .meta({ id: 'DemoRemoved' });
export type DemoRemoved = z.infer<typeof demoRemovedSchema>;

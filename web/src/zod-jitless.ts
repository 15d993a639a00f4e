import { config } from 'zod/v4/core';

// zod 4 probes `new Function('')` when it builds an object schema, to compile fast parsers. The CSP forbids eval,
// so the probe is reported as a violation on every page that loads a shared contract: turn the compiler off before
// any schema is built. Imported first by admin/main.ts (ES modules run in import order).
config({ jitless: true });

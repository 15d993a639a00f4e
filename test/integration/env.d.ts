import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../worker/common/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      MIGRATIONS_TEST_DB: D1Database;
    }
    interface GlobalProps {
      mainModule: typeof import('../../worker/index');
    }
  }
}

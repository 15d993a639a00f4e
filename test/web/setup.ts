import { afterEach, vi } from 'vitest';
import { resetAuthForTests } from '../../web/src/composables/useAuth';
import { resetTiersForTests } from '../../web/src/composables/useTiers';
import { i18n } from '../../web/src/i18n';

// Module state (session, tiers, locale) is app-wide by design; every test starts from a clean slate.
afterEach(() => {
  resetAuthForTests();
  resetTiersForTests();
  i18n.global.locale.value = 'en';
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

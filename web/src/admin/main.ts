// First: before any module builds a zod schema (see the file).
import '../zod-jitless';
import { createApp } from 'vue';
import App from '../App.vue';
import { applyLocale } from '../composables/useLocale';
import { i18n } from '../i18n';
import { createAppRouter } from '../router';
import '../styles.css';

// The admin SPA: Naive UI shell, router with the session guard, vue-i18n. Loaded by ../main.ts for every path
// but the public survey page (/s/…), which never downloads any of this.

const router = createAppRouter();
applyLocale(i18n.global.locale.value);

const app = createApp(App).use(i18n).use(router);
// Wait for the first navigation (and its session check) so neither layout flashes before the guard decides.
void router
  .isReady()
  .catch(() => undefined)
  .then(() => app.mount('#app'));

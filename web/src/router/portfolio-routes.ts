import type { RouteRecordRaw } from 'vue-router';
import './meta';

/**
 * The portfolio screens (owned by the dashboard/accounts work): `/` dashboard, `/accounts`, `/accounts/:externalId`,
 * `/alerts`. Each is a lazy `*View.vue`; give it `meta.title` (i18n key) and, for a menu entry, `meta.nav`
 * (`order` 10–60; settings is 90). Every route here needs a session; add `meta.minRole` to restrict one.
 * Until the dashboard exists, `/` opens the accounts list.
 */
export const portfolioRoutes: RouteRecordRaw[] = [
  { path: '/', redirect: '/accounts' },
  {
    path: '/accounts',
    name: 'accounts',
    component: () => import('../views/AccountsView.vue'),
    meta: {
      title: 'common.nav.accounts',
      nav: { label: 'common.nav.accounts', icon: 'accounts', order: 20 },
    },
  },
];

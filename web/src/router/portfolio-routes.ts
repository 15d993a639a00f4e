import type { RouteRecordRaw } from 'vue-router';
import './meta';

/**
 * The portfolio screens: `/` dashboard, `/accounts`, `/accounts/:externalId`, `/metrics`, `/alerts`, `/surveys`,
 * `/surveys/:id`. Each is a lazy `*View.vue` (ECharts and the tables load with them, never with the shell). Every
 * route needs a session; viewers see all of them but `/metrics` (commercial data: csm and admin), and the views hide
 * the csm/admin actions themselves.
 */
export const portfolioRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'dashboard',
    component: () => import('../views/DashboardView.vue'),
    meta: {
      title: 'common.nav.dashboard',
      nav: { label: 'common.nav.dashboard', icon: 'dashboard', order: 10 },
    },
  },
  {
    path: '/accounts',
    name: 'accounts',
    component: () => import('../views/AccountsView.vue'),
    meta: {
      title: 'common.nav.accounts',
      nav: { label: 'common.nav.accounts', icon: 'accounts', order: 20 },
    },
  },
  {
    path: '/accounts/:externalId',
    name: 'account',
    component: () => import('../views/AccountView.vue'),
    props: true,
    meta: { title: 'common.nav.accounts' },
  },
  {
    path: '/metrics',
    name: 'metrics',
    component: () => import('../views/MetricsView.vue'),
    meta: {
      title: 'metrics.title',
      minRole: 'csm',
      nav: { label: 'common.nav.metrics', icon: 'metrics', order: 25 },
    },
  },
  {
    path: '/alerts',
    name: 'alerts',
    component: () => import('../views/AlertsView.vue'),
    meta: { title: 'common.nav.alerts', nav: { label: 'common.nav.alerts', icon: 'alerts', order: 30 } },
  },
  {
    // Tasks are CS work: CSMs and admins only.
    path: '/work',
    name: 'work',
    component: () => import('../views/MyWorkView.vue'),
    meta: { title: 'work.title', minRole: 'csm', nav: { label: 'work.nav', icon: 'work', order: 15 } },
  },
  {
    path: '/surveys',
    name: 'surveys',
    component: () => import('../views/SurveysView.vue'),
    meta: { title: 'surveys.title', nav: { label: 'surveys.title', icon: 'surveys', order: 40 } },
  },
  {
    path: '/surveys/:id(\\d+)',
    name: 'survey',
    component: () => import('../views/SurveyView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'surveys.title' },
  },
];

import {
  createRouter,
  createWebHistory,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type Router,
} from 'vue-router';
import { setUnauthorizedHandler } from '../composables/useApi';
import { useAuth } from '../composables/useAuth';
import { i18n } from '../i18n';
import './meta';
import { portfolioRoutes } from './portfolio-routes';
import { safeRedirect } from './redirect';

/** Sign-in, setup, invites, the member's own password, the model studio, settings and the fallbacks. */
const shellRoutes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('../views/SignInView.vue'),
    meta: { public: true, layout: 'bare', title: 'auth.signIn.title' },
  },
  {
    path: '/setup',
    name: 'setup',
    component: () => import('../views/SetupView.vue'),
    meta: { public: true, layout: 'bare', title: 'auth.setup.title' },
  },
  {
    path: '/invite/:token',
    name: 'invite',
    component: () => import('../views/InviteView.vue'),
    props: true,
    meta: { public: true, layout: 'bare', title: 'auth.invite.title' },
  },
  {
    path: '/account/password',
    name: 'password',
    component: () => import('../views/PasswordView.vue'),
    meta: { title: 'auth.password.title' },
  },
  {
    // Every member reads the studio; its tabs render write controls for admins only (the API refuses the rest).
    path: '/studio/:tab?',
    name: 'studio',
    component: () => import('../views/StudioView.vue'),
    props: true,
    meta: { title: 'studio.title', nav: { label: 'studio.title', icon: 'studio', order: 80 } },
  },
  {
    path: '/settings/:tab?',
    name: 'settings',
    component: () => import('../views/SettingsView.vue'),
    props: true,
    meta: { title: 'settings.title', nav: { label: 'common.nav.settings', icon: 'settings', order: 90 } },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('../views/NotFoundView.vue'),
    props: { forbidden: true },
    meta: { title: 'common.forbidden.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/NotFoundView.vue'),
    meta: { title: 'common.notFound.title' },
  },
];

/** Every route of the app; the catch-all last. */
export const routes: RouteRecordRaw[] = [...portfolioRoutes, ...shellRoutes];

/** Where an anonymous visitor of `fullPath` goes: setup until the first admin exists, otherwise sign-in. */
function toSignIn(fullPath: string, setupRequired: boolean | null): RouteLocationRaw {
  if (setupRequired) return { name: 'setup' };
  return fullPath === '/' ? { name: 'sign-in' } : { name: 'sign-in', query: { redirect: fullPath } };
}

/**
 * Installs the session guard (anonymous → sign-in or setup; `meta.minRole`), page titles and the 401 handler.
 * Exported for tests, which pass a memory-history router.
 */
export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuth();
    try {
      await auth.ensureLoaded();
    } catch {
      // The API is unreachable: public pages still render and report the error when they call it.
      return to.meta.public ? true : toSignIn(to.fullPath, null);
    }
    if (to.meta.public) {
      if (auth.isSignedIn.value && (to.name === 'sign-in' || to.name === 'setup'))
        return safeRedirect(to.query.redirect);
      if (to.name === 'sign-in' && auth.setupRequired.value) return { name: 'setup' };
      return true;
    }
    if (!auth.isSignedIn.value) return toSignIn(to.fullPath, auth.setupRequired.value);
    if (to.meta.minRole && !auth.can(to.meta.minRole)) return { name: 'forbidden' };
    return true;
  });

  router.afterEach((to) => {
    const t = i18n.global.t;
    document.title = to.meta.title ? t('common.title', { page: t(to.meta.title) }) : t('common.appName');
  });

  // After a deploy an open tab may ask for a view chunk that no longer exists: load the page afresh, once.
  router.onError((err: unknown, to) => {
    const message = err instanceof Error ? err.message : '';
    if (/dynamically imported module|Importing a module script failed/i.test(message)) {
      window.location.assign(to.fullPath);
    }
  });

  // A 401 from any API call outside /api/auth means the session ended (expired, revoked, password changed).
  setUnauthorizedHandler((_error, path) => {
    if (path.startsWith('/api/auth/')) return;
    useAuth().forget();
    const current = router.currentRoute.value;
    if (!current.meta.public) {
      void router.push({ name: 'sign-in', query: { redirect: current.fullPath, expired: '1' } });
    }
  });
}

/**
 * The app router: history mode, lazy `*View.vue` routes, guards installed.
 * @example app.use(createAppRouter())
 */
export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  installGuards(router);
  return router;
}

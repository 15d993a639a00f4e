import { computed } from 'vue';
import { useRouter } from 'vue-router';
import type { NavEntry } from '../router/meta';
import { useAuth } from './useAuth';

/** One side-menu item: a named route the member's role may open. */
export interface NavItem extends NavEntry {
  name: string;
  path: string;
}

/**
 * The side menu: every route with `meta.nav` that the member's role allows, by `order`.
 * @example const { items } = useNav()
 */
export function useNav() {
  const router = useRouter();
  const auth = useAuth();
  const items = computed<NavItem[]>(() =>
    router
      .getRoutes()
      .filter(
        (r) => r.meta.nav && typeof r.name === 'string' && (!r.meta.minRole || auth.can(r.meta.minRole)),
      )
      .map((r) => ({ ...(r.meta.nav as NavEntry), name: r.name as string, path: r.path }))
      .sort((a, b) => a.order - b.order),
  );
  return { items };
}

import type { Role } from '../../../shared/contracts/auth';
import type { NavIconName } from '../components/nav-icons';

/** A side-menu entry for a route. */
export interface NavEntry {
  /** i18n key of the menu label, e.g. `common.nav.settings`. */
  label: string;
  icon: NavIconName;
  /** Position in the menu, ascending: portfolio screens 10–60, the model studio 80, settings 90. */
  order: number;
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (sign-in, setup, invite). Everything else needs one. */
    public?: boolean;
    /** Lowest role that may open the route (admin > csm > viewer); checked by the guard and the menu. */
    minRole?: Role;
    /** `bare`: no side menu or top bar (sign-in, setup, invite). Default: the app layout. */
    layout?: 'app' | 'bare';
    /** i18n key of the page title, shown in the browser tab. */
    title?: string;
    /** Show the route in the side menu. */
    nav?: NavEntry;
  }
}

// A few 24×24 icons for the side menu (route `meta.nav.icon`), inline so the shell needs no icon package.

/** Icon names a route may use in `meta.nav.icon`. */
export type NavIconName =
  | 'dashboard'
  | 'accounts'
  | 'metrics'
  | 'alerts'
  | 'work'
  | 'surveys'
  | 'studio'
  | 'settings'
  | 'page';

/** SVG path data, viewBox 0 0 24 24. */
export const NAV_ICON_PATHS: Record<NavIconName, string> = {
  dashboard: 'M4 13h6V4H4zm0 7h6v-5H4zm10 0h6v-9h-6zm0-16v5h6V4z',
  accounts:
    'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm-8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0 2c-2.7 0-6 1.3-6 3.5V19h12v-2.5C14 14.3 10.7 13 8 13zm8 0c-.3 0-.6 0-1 .1 1.2.8 2 1.9 2 3.4V19h5v-2.5c0-2.2-3.3-3.5-6-3.5z',
  metrics: 'M4 19h16v2H4zm1-3h3V9H5zm5.5 0h3V4h-3zM16 16h3v-6h-3z',
  alerts:
    'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z',
  // A checked box: tasks to do.
  work: 'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm-9 14-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8z',
  surveys:
    'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 5v2h10V8zm0 4v2h7v-2z',
  // Sliders: segments, weights and thresholds.
  studio:
    'M3 5h9v2H3zm13 0h5v2h-5zm-3-2h2v6h-2zM3 11h3v2H3zm7 0h11v2H10zM7 9h2v6H7zm-4 8h11v2H3zm15 0h3v2h-3zm-3-2h2v6h-2z',
  settings:
    'M19.4 13a7.6 7.6 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3h-4l-.4 2.7a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.6 7.6 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.3 7.3 0 0 0 1.7 1L11 21h4l.4-2.7a7.3 7.3 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z',
  page: 'M6 2h9l5 5v15H6zm8 1.5V8h4.5',
};

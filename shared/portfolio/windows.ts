/**
 * The dashboard windows (`days`) the SPA offers. A finishing run stores the wins and saves of each, so these
 * are read, not counted, at page view (worker/dashboard/rollups-store.ts); any other `days` is counted live.
 */
export const DASHBOARD_WINDOWS = [30, 90, 180, 365] as const;

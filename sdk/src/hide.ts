/**
 * The slice of `navigator` the SDK uses; injectable so tests can record beacons.
 *
 * @example
 * const navigator: BeaconNavigator = { sendBeacon: (url, blob) => (sent.push(blob), true) };
 */
export interface BeaconNavigator {
  sendBeacon?(url: string, data: Blob): boolean;
}

/**
 * Where page-hide events come from. `visibilitychange` fires on the document, `pagehide` on the window;
 * in Node all three are undefined and no listener is installed.
 *
 * @example
 * const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
 * createKeepwell({ writeKey, document, navigator: { sendBeacon } });
 */
export interface HideTargets {
  document?: (EventTarget & { visibilityState: string }) | undefined;
  window?: EventTarget | undefined;
  navigator?: BeaconNavigator | undefined;
}

/**
 * Calls `onHide` when the page is hidden (tab switch, app switch, navigation) or unloaded.
 * Both events are needed: visibilitychange is the last reliable event on mobile, while older
 * Safari fires only pagehide on navigation.
 *
 * @returns a function removing the listeners
 */
export function listenForHide(targets: HideTargets, onHide: () => void): () => void {
  const { document, window } = targets;
  if (typeof document?.addEventListener !== 'function') return () => {};
  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') onHide();
  };
  document.addEventListener('visibilitychange', onVisibilityChange);
  window?.addEventListener?.('pagehide', onHide);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window?.removeEventListener?.('pagehide', onHide);
  };
}

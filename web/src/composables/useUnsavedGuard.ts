import type { Ref } from 'vue';
import { onBeforeRouteLeave, onBeforeRouteUpdate, type RouteLocationNormalized } from 'vue-router';

/**
 * Asks before a navigation drops unsaved edits: leaving the route, or an update of it that `drops(to)` says
 * replaces what is being edited (another `?model=`, say). Declined, the navigation is cancelled and nothing
 * changes. `ask` defaults to the browser's confirm dialog: the app has no modal dialog of its own. Call it in a
 * component that a `<RouterView>` renders (or one inside it); a kept-alive component's guards pause while it is
 * inactive.
 * @example useUnsavedGuard(editor.dirty, () => t('studioModel.editor.leaveConfirm'), { drops: (to) => to.query.model !== route.query.model })
 */
export function useUnsavedGuard(
  dirty: Readonly<Ref<boolean>>,
  question: () => string,
  options: { drops?: (to: RouteLocationNormalized) => boolean; ask?: (question: string) => boolean } = {},
) {
  const ask = options.ask ?? ((text: string) => window.confirm(text));
  /** True when nothing unsaved would be lost, or the user agrees to lose it. */
  const mayDrop = () => !dirty.value || ask(question());
  onBeforeRouteLeave(() => mayDrop());
  onBeforeRouteUpdate((to) => !options.drops?.(to) || mayDrop());
  return { mayDrop };
}

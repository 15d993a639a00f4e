import { mount } from '@vue/test-utils';
import { defineComponent } from 'vue';

/**
 * Runs a composable inside a mounted component, so its watchers and scope (onScopeDispose) behave as in the app.
 * @example const { result: timeline, wrapper } = withSetup(() => useTimeline(ref('acme')))
 */
export function withSetup<T>(use: () => T) {
  let result!: T;
  const wrapper = mount(
    defineComponent({
      setup() {
        result = use();
        return () => null;
      },
    }),
  );
  return { result, wrapper };
}

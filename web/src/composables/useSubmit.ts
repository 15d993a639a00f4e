import { ref, shallowRef } from 'vue';

/**
 * Wraps a form's submit action: `submitting` while it runs (ignoring double submits), `error` when it fails.
 * @example
 * const { submitting, error, submit } = useSubmit(() => auth.signIn(email.value, password.value))
 */
export function useSubmit<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  const submitting = ref(false);
  const error = shallowRef<Error | null>(null);

  /** Resolves true when `fn` succeeded; never rejects. */
  async function submit(...args: A): Promise<boolean> {
    if (submitting.value) return false;
    submitting.value = true;
    error.value = null;
    try {
      await fn(...args);
      return true;
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return { submitting, error, submit };
}

import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useLoader } from '../../web/src/composables/useLoader';

/** A promise whose settlement the test controls. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('useLoader', () => {
  it('goes loading → done and exposes the data', async () => {
    const d = deferred<number[]>();
    const scope = effectScope();
    const loader = scope.run(() => useLoader(() => d.promise))!;
    expect(loader.state.value).toBe('loading');
    expect(loader.data.value).toBeUndefined();
    d.resolve([1, 2]);
    await flush();
    expect(loader.state.value).toBe('done');
    expect(loader.data.value).toEqual([1, 2]);
    expect(loader.error.value).toBeNull();
    scope.stop();
  });

  it('stays idle until reload when immediate is false', async () => {
    const scope = effectScope();
    const loader = scope.run(() => useLoader(async () => 'x', { immediate: false }))!;
    expect(loader.state.value).toBe('idle');
    await loader.reload();
    expect(loader.state.value).toBe('done');
    expect(loader.data.value).toBe('x');
    scope.stop();
  });

  it('goes to error with the Error, keeping the last good data', async () => {
    let fail = false;
    const scope = effectScope();
    const loader = scope.run(() =>
      useLoader(async () => {
        if (fail) throw new Error('boom');
        return 'good';
      }),
    )!;
    await flush();
    fail = true;
    await loader.reload();
    expect(loader.state.value).toBe('error');
    expect(loader.error.value?.message).toBe('boom');
    expect(loader.data.value).toBe('good');
    scope.stop();
  });

  it('wraps a non-Error rejection in an Error', async () => {
    const scope = effectScope();
    const loader = scope.run(() => useLoader(() => Promise.reject('nope')))!;
    await flush();
    expect(loader.error.value).toBeInstanceOf(Error);
    expect(loader.error.value?.message).toBe('nope');
    scope.stop();
  });

  it('aborts the older load: a slow stale response never overwrites a newer one', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const signals: AbortSignal[] = [];
    const pending = [first, second];
    const scope = effectScope();
    const loader = scope.run(() =>
      useLoader((signal) => {
        signals.push(signal);
        return pending.shift()!.promise;
      }),
    )!;
    const reloading = loader.reload();
    expect(signals[0]?.aborted).toBe(true);
    second.resolve('new');
    await reloading;
    first.resolve('old');
    await flush();
    expect(loader.data.value).toBe('new');
    expect(loader.state.value).toBe('done');
    scope.stop();
  });

  it('reloads when a watched source changes', async () => {
    const page = ref(1);
    const scope = effectScope();
    const loader = scope.run(() => useLoader(async () => `page ${page.value}`, { watch: [page] }))!;
    await flush();
    expect(loader.data.value).toBe('page 1');
    page.value = 2;
    await nextTick();
    await flush();
    expect(loader.data.value).toBe('page 2');
    scope.stop();
  });

  it('aborts the request in flight when its scope ends (the component unmounts)', () => {
    let signal: AbortSignal | undefined;
    const scope = effectScope();
    scope.run(() =>
      useLoader((s) => {
        signal = s;
        return new Promise(() => {});
      }),
    );
    scope.stop();
    expect(signal?.aborted).toBe(true);
  });
});

/**
 * The shape another locale must match for one area: the same keys as the English file, every leaf a string.
 * Use with `satisfies` so a missing or misspelt key fails `vue-tsc`.
 * @example export default { title: '设置' } satisfies Messages<typeof en>
 */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

import type { AriaAttributes } from 'vue';

// Vue passes attributes that are not props through to a component's root element, and it names the WAI-ARIA
// attributes among those that always fall through. Naive UI's components (NButton, NCheckbox, NProgress, …) and
// vue-echarts' VChart put them on their root element but do not list them among their props, so with
// `checkUnknownProps` every accessible name given to one of them would be an error. Declaring them here, with Vue's
// own value types, keeps the check on everything else and still rejects a misspelt or mistyped aria-* attribute.
// (`data-*` attributes, free-form by the HTML standard, are listed in tsconfig's `vueCompilerOptions.dataAttributes`.)
declare module 'vue' {
  interface ComponentCustomProps extends AriaAttributes {}
}

// Single-file components, for the type check of the theme's TypeScript (Vite compiles them).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

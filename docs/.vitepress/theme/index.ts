import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme-without-fonts';
import MarbleDiagram from './MarbleDiagram.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('MarbleDiagram', MarbleDiagram);
  },
} satisfies Theme;

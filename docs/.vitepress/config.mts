/**
 * The docs site (`npm run build:docs`, `npm run docs`): VitePress over docs/, into docs/dist/.
 * scripts/docs.ts writes the API pages into docs/api/ (generated, git-ignored) before this runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { marblesPlugin } from './markdown';

const root = resolve(__dirname, '../..');
const apiDirectory = resolve(__dirname, '../api');

/** The site's path on its server: `/` at the root, `/rxjs-as-completed/` on GitHub Pages. */
const base = process.env.DOCS_BASE ?? '/rxjs-as-completed/';

/** The generated API pages, by kind, in the order a reader needs them: functions first. */
function apiItems(): DefaultTheme.SidebarItem[] {
  if (!existsSync(apiDirectory)) return [];
  const pages = readdirSync(apiDirectory)
    .filter((file) => file.endsWith('.md') && file !== 'index.md')
    .map((file) => file.slice(0, -3));
  const kinds: [string, string][] = [
    ['Function', 'Functions'],
    ['Class', 'Classes'],
    ['Interface', 'Interfaces'],
    ['TypeAlias', 'Types'],
  ];
  return kinds.map(([kind, text]) => ({
    text,
    items: pages
      .filter((page) => page.startsWith(`${kind}.`))
      .map((page) => ({ text: page.slice(kind.length + 1), link: `/api/${page}` })),
  }));
}

const guide = (): DefaultTheme.SidebarItem[] => [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Semantics', link: '/guide/semantics' },
      { text: 'Promises and factories', link: '/guide/promises-and-factories' },
      { text: 'each and signal', link: '/guide/each-and-signal' },
      { text: 'Settled, entries and snapshots', link: '/guide/records' },
      { text: 'Angular', link: '/guide/angular' },
      { text: 'Testing', link: '/guide/testing' },
      { text: 'rxjs 9', link: '/guide/rxjs9' },
    ],
  },
];

const reference = (): DefaultTheme.SidebarItem[] => [
  {
    text: 'Reference',
    items: [
      { text: 'API', link: '/api/' },
      { text: 'asyncio parity', link: '/asyncio-parity' },
      { text: 'Performance', link: '/performance' },
      { text: 'Compatibility', link: '/compatibility' },
      { text: 'The playground', link: '/playground' },
    ],
  },
];

const project = (): DefaultTheme.SidebarItem[] => [
  {
    text: 'Project',
    items: [
      { text: 'About this site', link: '/about' },
      { text: 'Mutation testing', link: '/mutation' },
      { text: 'Install scripts', link: '/install-scripts' },
    ],
  },
];

export default defineConfig({
  title: 'rxjs-as-completed',
  description:
    "Python's asyncio.as_completed for RxJS: each input's result the moment it finishes, under one deadline.",
  lang: 'en',
  base,
  outDir: 'dist',
  cacheDir: join(root, 'node_modules/.cache/vitepress'),
  // Loose files for contributors and the code-block fixtures are not pages.
  srcExclude: ['code-blocks/**', 'dist/**'],
  // Every link must resolve: scripts/test-site.ts checks the built pages' links and anchors too.
  ignoreDeadLinks: false,
  lastUpdated: false,
  // No request leaves the site: no web fonts, no external search.
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  markdown: {
    // The high-contrast GitHub palettes: every token at 4.5:1 or more on the code background.
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    config: (md) => marblesPlugin(md),
  },
  vite: {
    resolve: {
      // The live diagrams run the published build, as the playground does.
      alias: { 'rxjs-as-completed': join(root, 'dist/esm/index.js') },
    },
    server: { host: '127.0.0.1' },
    build: { chunkSizeWarningLimit: 600 },
  },
  themeConfig: {
    search: {
      provider: 'local',
      // The button's name is its visible text; the shortcut's hint is hidden (style.css).
      options: { translations: { button: { buttonText: 'Search', buttonAriaLabel: 'Search' } } },
    },
    outline: { level: [2, 3] },
    // The link's name is its text (axe-core: label-content-name-mismatch).
    notFound: { linkText: 'Take me home', linkLabel: 'Take me home' },
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API', link: '/api/' },
      { text: 'Playground', link: '/playground' },
    ],
    // Two sidebars: the guide's, and the API's with every export; no collapsible groups, whose
    // toggles nest one control in another (axe-core: nested-interactive).
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/' }, ...apiItems(), ...reference()],
      '/': [...guide(), ...reference(), ...project()],
    },
  },
});

import type { Extension } from '@codemirror/state';

/**
 * Language support by id. The server picks the id from the file name (see the Java class
 * EditorLanguage), so the mapping lives in one place. Each pack is a dynamic import: the
 * bundler splits it into its own chunk and a page only loads the languages it opens.
 */
const loaders: Record<string, () => Promise<Extension>> = {
  java: () => import('@codemirror/lang-java').then((m) => m.java()),
  javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript()),
  jsx: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ jsx: true })),
  typescript: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
  tsx: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ jsx: true, typescript: true })),
  python: () => import('@codemirror/lang-python').then((m) => m.python()),
  html: () => import('@codemirror/lang-html').then((m) => m.html()),
  css: () => import('@codemirror/lang-css').then((m) => m.css()),
  json: () => import('@codemirror/lang-json').then((m) => m.json()),
  yaml: () => import('@codemirror/lang-yaml').then((m) => m.yaml()),
  markdown: () => import('@codemirror/lang-markdown').then((m) => m.markdown({ base: m.markdownLanguage })),
  xml: () => import('@codemirror/lang-xml').then((m) => m.xml()),
  sql: () => import('@codemirror/lang-sql').then((m) => m.sql()),
};

const loaded = new Map<string, Promise<Extension>>();

/** The language extension for an id; unknown ids (and "plain") give no extension. */
export function loadLanguage(id: string): Promise<Extension> {
  const loader = loaders[id];
  if (!loader) {
    return Promise.resolve([]);
  }
  let promise = loaded.get(id);
  if (!promise) {
    promise = loader().catch((error) => {
      // A failed chunk load must not break editing: fall back to plain text, retry next time.
      loaded.delete(id);
      console.warn(`tandem-editor: could not load language ${id}`, error);
      return [];
    });
    loaded.set(id, promise);
  }
  return promise;
}

import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * A light theme built on Lumo's custom properties (they inherit into the shadow root),
 * so the editor follows the application's colours and font sizes.
 */
const chrome = EditorView.theme(
  {
    '&': {
      height: '100%',
      color: 'var(--lumo-body-text-color, #1a1a1a)',
      backgroundColor: 'var(--lumo-base-color, #fff)',
      fontSize: 'var(--tandem-editor-font-size, var(--lumo-font-size-s, 0.875rem))',
    },
    '&.cm-focused': { outline: 'none' },
    '.cm-scroller': {
      fontFamily: 'var(--tandem-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace)',
      lineHeight: '1.5',
    },
    '.cm-content': { caretColor: 'var(--lumo-primary-color, #006af5)' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--lumo-primary-color, #006af5)', borderLeftWidth: '2px' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
      { backgroundColor: 'var(--lumo-primary-color-10pct, rgba(0, 106, 245, 0.1))' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground':
      { backgroundColor: 'hsla(214, 100%, 60%, 0.25)' },
    '.cm-activeLine': { backgroundColor: 'var(--lumo-contrast-5pct, rgba(0, 0, 0, 0.04))' },
    '.cm-gutters': {
      backgroundColor: 'var(--lumo-base-color, #fff)',
      color: 'var(--lumo-tertiary-text-color, #8a8f98)',
      borderRight: '1px solid var(--lumo-contrast-10pct, rgba(0, 0, 0, 0.08))',
    },
    '.cm-activeLineGutter': {
      backgroundColor: 'var(--lumo-contrast-5pct, rgba(0, 0, 0, 0.04))',
      color: 'var(--lumo-body-text-color, #1a1a1a)',
    },
    '.cm-foldPlaceholder': {
      backgroundColor: 'var(--lumo-contrast-10pct, #eee)',
      border: 'none',
      color: 'var(--lumo-secondary-text-color, #555)',
    },
    '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
      backgroundColor: 'var(--lumo-success-color-10pct, rgba(0, 160, 80, 0.12))',
      outline: '1px solid var(--lumo-success-color-50pct, rgba(0, 160, 80, 0.5))',
    },
    '.cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket': {
      backgroundColor: 'var(--lumo-error-color-10pct, rgba(230, 40, 40, 0.1))',
    },
    '.cm-searchMatch': {
      backgroundColor: 'rgba(255, 200, 0, 0.3)',
      outline: '1px solid rgba(230, 170, 0, 0.6)',
    },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'rgba(255, 150, 0, 0.45)' },
    '.cm-selectionMatch': { backgroundColor: 'var(--lumo-primary-color-10pct, rgba(0, 106, 245, 0.1))' },
    '.cm-panels': {
      backgroundColor: 'var(--lumo-contrast-5pct, #f4f5f7)',
      color: 'var(--lumo-body-text-color, #1a1a1a)',
      fontFamily: 'var(--lumo-font-family, sans-serif)',
      fontSize: 'var(--lumo-font-size-s, 0.875rem)',
    },
    '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--lumo-contrast-10pct, #ddd)' },
    '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--lumo-contrast-10pct, #ddd)' },
    '.cm-panel input, .cm-panel button': { fontFamily: 'inherit', fontSize: 'inherit' },
    '.cm-textfield': {
      border: '1px solid var(--lumo-contrast-20pct, #ccc)',
      borderRadius: 'var(--lumo-border-radius-s, 4px)',
      backgroundColor: 'var(--lumo-base-color, #fff)',
    },
    '.cm-button': {
      backgroundImage: 'none',
      backgroundColor: 'var(--lumo-contrast-5pct, #f4f5f7)',
      border: '1px solid var(--lumo-contrast-20pct, #ccc)',
      borderRadius: 'var(--lumo-border-radius-s, 4px)',
    },
    '.cm-tooltip': {
      backgroundColor: 'var(--lumo-base-color, #fff)',
      border: '1px solid var(--lumo-contrast-20pct, #ccc)',
      borderRadius: 'var(--lumo-border-radius-s, 4px)',
      boxShadow: 'var(--lumo-box-shadow-s, 0 2px 6px rgba(0, 0, 0, 0.15))',
    },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
      backgroundColor: 'var(--lumo-primary-color-10pct, rgba(0, 106, 245, 0.1))',
      color: 'var(--lumo-body-text-color, #1a1a1a)',
    },
  },
  { dark: false },
);

/** Token colours close to common light IDE themes. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], color: '#cf222e' },
  { tag: [t.self, t.null, t.bool, t.atom], color: '#0550ae' },
  { tag: [t.number, t.integer, t.float], color: '#0550ae' },
  { tag: [t.string, t.special(t.string), t.character, t.docString], color: '#0a3069' },
  { tag: [t.regexp, t.escape], color: '#116329' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#6e7781', fontStyle: 'italic' },
  { tag: t.docComment, color: '#57606a', fontStyle: 'italic' },
  { tag: [t.typeName, t.className, t.namespace], color: '#953800' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.function(t.definition(t.variableName))], color: '#8250df' },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: '#1f2328' },
  { tag: [t.propertyName, t.attributeName], color: '#0550ae' },
  { tag: [t.annotation, t.meta, t.processingInstruction], color: '#6639ba' },
  { tag: [t.tagName, t.angleBracket], color: '#116329' },
  { tag: t.attributeValue, color: '#0a3069' },
  { tag: [t.operator, t.punctuation, t.separator, t.bracket], color: '#1f2328' },
  { tag: [t.labelName, t.constant(t.variableName), t.standard(t.variableName)], color: '#0550ae' },
  { tag: t.heading, color: '#0550ae', fontWeight: 'bold' },
  { tag: [t.strong], fontWeight: 'bold' },
  { tag: [t.emphasis], fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: '#0969da', textDecoration: 'underline' },
  { tag: [t.monospace], color: '#0a3069' },
  { tag: t.invalid, color: '#82071e', textDecoration: 'underline wavy' },
]);

export const tandemLight: Extension = [chrome, syntaxHighlighting(highlight)];

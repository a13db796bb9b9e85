import { LitElement, css, type PropertyValues } from 'lit';
import { Compartment, EditorState, type Extension, type Text } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
  type ViewUpdate,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { lintKeymap } from '@codemirror/lint';
import { detectIndentation } from './indentation';
import { loadLanguage } from './languages';
import { tandemLight } from './theme';
import { CollabSession, type CollabStatus } from './collab';
import { documentSymbols, languageServices, releaseLanguageServices, revealPosition } from './lsp';
import '../tandem-outline/tandem-outline';
import type { OutlineSymbol, TandemOutline } from '../tandem-outline/tandem-outline';

/** Quiet time after typing before the outline asks for the symbols again. */
const OUTLINE_DELAY_MS = 400;

const CURSOR_THROTTLE_MS = 120;
const DIRTY_CHECK_DELAY_MS = 250;

/** Editors with unsaved changes; while there is one, leaving the page asks first. */
const dirtyEditors = new Set<TandemEditor>();

function confirmUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Older browsers only ask when returnValue is set.
  event.returnValue = '';
}

function setUnloadGuard(editor: TandemEditor, dirty: boolean) {
  const before = dirtyEditors.size;
  if (dirty) {
    dirtyEditors.add(editor);
  } else {
    dirtyEditors.delete(editor);
  }
  if (before === 0 && dirtyEditors.size > 0) {
    window.addEventListener('beforeunload', confirmUnload);
  } else if (before > 0 && dirtyEditors.size === 0) {
    window.removeEventListener('beforeunload', confirmUnload);
  }
}

/**
 * `<tandem-editor>`: a CodeMirror 6 code editor for one file.
 *
 * The server loads text with {@link setDocument}; the element sends text back only when
 * saving (`tandem-save`, on Ctrl/Cmd-S or after `autoSaveDelay` ms of idle), and reports
 * `tandem-dirty-change` and throttled `tandem-cursor` events. Dirty tracking compares
 * CodeMirror's immutable documents, which share structure with the saved snapshot, so a
 * keystroke never serialises the whole text.
 *
 * Every configurable part of the editor lives in a {@link Compartment}, so later features
 * (a Yjs binding, diagnostics) plug in with {@link setCollaboration} and friends without
 * rebuilding the editor.
 */
export class TandemEditor extends LitElement {
  static properties = {
    readOnly: { type: Boolean, attribute: 'read-only', reflect: true },
    autoSaveDelay: { type: Number, attribute: 'auto-save-delay' },
  };

  static styles = css`
    :host {
      display: block;
      position: relative;
      height: 100%;
      min-height: 6em;
      overflow: hidden;
    }
    .cm-editor {
      height: 100%;
    }
    .outline-toggle {
      display: none;
      position: absolute;
      top: 4px;
      right: 18px;
      z-index: 6;
      font: 12px var(--lumo-font-family, sans-serif);
      padding: 1px 8px;
      border: 1px solid var(--lumo-contrast-20pct, #ccc);
      border-radius: 4px;
      background: var(--lumo-base-color, #fff);
      cursor: pointer;
    }
    .outline-toggle[aria-pressed='true'] {
      background: var(--lumo-primary-color-10pct, #e8f0fe);
    }
    .outline {
      display: none;
      position: absolute;
      top: 0;
      right: 0;
      bottom: 0;
      width: 240px;
      padding-top: 28px;
      box-sizing: border-box;
      border-left: 1px solid var(--lumo-contrast-10pct, #ddd);
      z-index: 5;
    }
    :host([data-language-services='on']) .outline-toggle {
      display: block;
    }
    :host([data-language-services='on'][outline-open]) .outline {
      display: block;
    }
    :host([data-language-services='on'][outline-open]) .cm-editor {
      margin-right: 240px;
    }
  `;

  declare readOnly: boolean;
  /** Milliseconds of idle after the last change before auto-save; 0 turns it off. */
  declare autoSaveDelay: number;

  private readonly languageSlot = new Compartment();
  private readonly editableSlot = new Compartment();
  private readonly indentationSlot = new Compartment();
  private readonly collaborationSlot = new Compartment();
  private readonly diagnosticsSlot = new Compartment();
  private readonly languageServicesSlot = new Compartment();
  private languageExtension: Extension = [];
  private languageServicesExtension: Extension = [];
  /** The workspace whose language service this editor uses, if any. */
  private languageServicesWorkspace: number | null = null;
  private collaborationExtension: Extension = [];
  private diagnosticsExtension: Extension = [];

  private readonly view: EditorView;
  /** The outline of the file (Java: from the language service), beside the text, toggled by a button. */
  private readonly outlineToggle = document.createElement('button');
  private readonly outline = document.createElement('tandem-outline') as TandemOutline;
  private outlineTimer: number | undefined;
  private outlineRequest = 0;
  private fileName = '';
  private loaded = false;
  private languageId = 'plain';
  private languageRequest = 0;
  /** The line break the file uses on disk; CodeMirror itself stores lines without them. */
  private lineBreak = '\n';

  /** The document as last saved on the server. */
  private savedDoc: Text;
  private dirty = false;
  /** Documents sent in save events and not yet confirmed, by sequence number. */
  private readonly submitted = new Map<number, Text>();
  private saveSequence = 0;
  private lastSubmitted: Text | null = null;

  /** The live document this editor is bound to, if any: then the server keeps the file, not saves. */
  private collab: CollabSession | null = null;
  private collabRoom = '';
  /** The collaborator whose cursor this editor scrolls to (follow mode), if any. */
  private following: string | null = null;

  private autoSaveTimer: number | undefined;
  private dirtyCheckTimer: number | undefined;
  private cursorTimer: number | undefined;
  private cursorPending = false;
  private lastCursor = '';

  constructor() {
    super();
    this.readOnly = false;
    this.autoSaveDelay = 1500;
    const state = this.createState('');
    this.savedDoc = state.doc;
    this.view = new EditorView({ state });
    this.outlineToggle.type = 'button';
    this.outlineToggle.className = 'outline-toggle';
    this.outlineToggle.textContent = 'Outline';
    this.outlineToggle.title = 'Show or hide the outline of this file';
    this.outlineToggle.setAttribute('aria-pressed', 'false');
    this.outlineToggle.addEventListener('click', () => this.toggleOutline());
    this.outline.className = 'outline';
    this.outline.addEventListener('outline-select', (event) => {
      const { line, character } = (event as CustomEvent<{ line: number; character: number }>).detail;
      revealPosition(this.view, line + 1, character + 1);
    });
    this.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true });
    // Acting yourself ends follow mode.
    this.addEventListener('keydown', () => this.stopFollowing(), { capture: true });
    this.addEventListener('mousedown', () => this.stopFollowing(), { capture: true });
    this.addEventListener('wheel', () => this.stopFollowing(), { capture: true, passive: true });
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.view.dom.parentNode !== this.renderRoot) {
      this.renderRoot.appendChild(this.view.dom);
      this.renderRoot.appendChild(this.outline);
      this.renderRoot.appendChild(this.outlineToggle);
    }
    this.view.setRoot(this.renderRoot as ShadowRoot);
    if (this.dirty) {
      // Moved in the page: timers were cancelled on disconnect, so pick up where they were.
      setUnloadGuard(this, true);
      this.checkDirty();
      if (this.dirty) {
        this.scheduleAutoSave();
      }
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    setUnloadGuard(this, false);
    this.clearTimers();
    // Vaadin may detach and re-attach the same element (moving a tab): leave the room only if it stays away.
    window.setTimeout(() => {
      if (!this.isConnected) {
        this.stopCollaboration();
        this.stopLanguageServices();
      }
    }, 1000);
  }

  /**
   * Binds this editor to the live document of `path` in workspace `workspaceId`: the text then
   * comes from the room (the file on disk follows it on the server), other people's cursors show
   * with their names, undo undoes only this user's edits, and saving is not needed. Until the
   * first sync the editor stays read-only, so nothing typed can be lost.
   */
  collaborate(workspaceId: number, path: string, userName: string) {
    const room = `${workspaceId}/${path}`;
    if (this.collab && this.collabRoom === room) {
      return;
    }
    this.stopCollaboration();
    this.collabRoom = room;
    const session = new CollabSession(workspaceId, path, userName, {
      status: (status) => this.collabStatus(status),
      closed: (code, reason) => this.dispatchEvent(new CustomEvent('tandem-collab-closed', { detail: { code, reason } })),
    });
    this.collab = session;
    this.collabStatus('connecting');
    this.view.dispatch({ effects: this.editableSlot.reconfigure([EditorState.readOnly.of(true), EditorView.editable.of(false)]) });
    session.onFirstSync(() => {
      if (this.collab !== session) {
        return;
      }
      this.clearTimers();
      this.collaborationExtension = session.extension();
      const selection = this.view.state.selection.main.head;
      const state = this.createState(session.text.toString());
      this.view.setState(state);
      this.view.dispatch({ selection: { anchor: Math.min(selection, state.doc.length) } });
      this.savedDoc = state.doc;
      this.setDirty(false, true);
    });
    session.onAwarenessChange(() => this.followCursor());
  }

  /** Leaves the live document (the editor keeps its text). */
  stopCollaboration() {
    if (!this.collab) {
      return;
    }
    this.collab.destroy();
    this.collab = null;
    this.collabRoom = '';
    this.collaborationExtension = [];
    this.view.dispatch({ effects: [this.collaborationSlot.reconfigure([]), this.editableSlot.reconfigure(this.editableExtension())] });
  }

  /**
   * Connects this editor to the workspace's language service (Java: diagnostics, completion,
   * hover, signature help, navigation; with `canWrite` also rename, format and code actions).
   * All editors of a workspace on the page share one connection.
   */
  languageServices(workspaceId: number, path: string, canWrite: boolean) {
    this.stopLanguageServices();
    this.languageServicesWorkspace = workspaceId;
    this.languageServicesExtension = languageServices(workspaceId, path, canWrite);
    this.view.dispatch({ effects: this.languageServicesSlot.reconfigure(this.languageServicesExtension) });
    this.dataset.languageServices = 'on';
    if (this.hasAttribute('outline-open')) {
      this.refreshOutline();
    }
  }

  /** Shows or hides the outline beside the text. */
  toggleOutline(open = !this.hasAttribute('outline-open')) {
    this.toggleAttribute('outline-open', open);
    this.outlineToggle.setAttribute('aria-pressed', String(open));
    if (open) {
      this.refreshOutline();
    }
  }

  private refreshOutline() {
    window.clearTimeout(this.outlineTimer);
    const request = ++this.outlineRequest;
    documentSymbols<OutlineSymbol>(this.view).then(
      (symbols) => {
        if (request === this.outlineRequest) {
          this.outline.message = symbols ? '' : 'No outline for this file';
          this.outline.symbols = symbols ?? [];
        }
      },
      () => {
        if (request === this.outlineRequest) {
          this.outline.message = 'The outline is not available now';
          this.outline.symbols = [];
        }
      },
    );
  }

  stopLanguageServices() {
    if (this.languageServicesWorkspace === null) {
      return;
    }
    this.languageServicesExtension = [];
    this.view.dispatch({ effects: this.languageServicesSlot.reconfigure([]) });
    releaseLanguageServices(this.languageServicesWorkspace);
    this.languageServicesWorkspace = null;
    delete this.dataset.languageServices;
    window.clearTimeout(this.outlineTimer);
    this.outlineRequest++;
    this.outline.symbols = null;
  }

  /** Puts the cursor at a 1-based line and column, scrolls it into view and focuses the editor. */
  reveal(line: number, column: number) {
    revealPosition(this.view, line, column);
  }

  /** Follow mode: keep `name`'s cursor in view; null stops. Ends by itself when the user acts. */
  follow(name: string | null) {
    this.following = name;
    this.toggleAttribute('following', name !== null);
    this.followCursor();
  }

  private stopFollowing() {
    if (this.following !== null) {
      this.follow(null);
      this.dispatchEvent(new CustomEvent('tandem-follow-stopped', { bubbles: true, composed: true }));
    }
  }

  private followCursor() {
    if (this.following === null || !this.collab) {
      return;
    }
    const position = this.collab.cursorOf(this.following);
    if (position !== null && position <= this.view.state.doc.length) {
      this.view.dispatch({ effects: EditorView.scrollIntoView(position, { y: 'center' }) });
    }
  }

  private collabStatus(status: CollabStatus) {
    this.dataset.collab = status;
    this.dispatchEvent(new CustomEvent('tandem-collab-status', { detail: { status } }));
  }

  /** Names of the other people in this document now (from their awareness states). */
  get collaborators(): string[] {
    if (!this.collab) {
      return [];
    }
    const names = new Set<string>();
    for (const [clientId, state] of this.collab.provider.awareness.getStates()) {
      if (clientId !== this.collab.doc.clientID && state.user?.name) {
        names.add(state.user.name);
      }
    }
    return [...names];
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('readOnly')) {
      this.view.dispatch({ effects: this.editableSlot.reconfigure(this.editableExtension()) });
      if (this.readOnly) {
        window.clearTimeout(this.autoSaveTimer);
      }
    }
  }

  focus() {
    this.view.focus();
  }

  /**
   * Loads a file: picks the language, detects indentation, clears dirty and undo history.
   * `savedText`, when given, is what the server has on disk if it differs from `text`
   * (used when the element is recreated while holding unsaved text).
   */
  setDocument(fileName: string, languageId: string, text: string, savedText?: string | null) {
    this.stopCollaboration();
    this.stopLanguageServices();
    this.clearTimers();
    this.loaded = true;
    this.fileName = fileName;
    this.lineBreak = detectLineBreak(text);
    const state = this.createState(text);
    this.view.setState(state);
    this.savedDoc = savedText == null ? state.doc : state.toText(savedText);
    this.submitted.clear();
    this.lastSubmitted = null;
    this.lastCursor = '';
    // Always reported here: the server may still hold the state of a previous element.
    this.setDirty(!state.doc.eq(this.savedDoc), true);
    this.emitCursor();
    this.setLanguage(languageId);
  }

  /**
   * Called when the server component is attached again. Vaadin may keep this element (a
   * move within one round trip) or create a new one: a kept element holds the newest text
   * and keeps it; a new one loads what the server knows.
   */
  restoreDocument(fileName: string, languageId: string, text: string, savedText?: string | null) {
    if (this.loaded && this.fileName === fileName) {
      this.setDirty(this.dirty, true);
    } else {
      this.setDocument(fileName, languageId, text, savedText);
    }
  }

  /** The server stored the text of save event `sequence`: it becomes the saved baseline. */
  markSavedVersion(sequence: number) {
    const doc = this.submitted.get(sequence);
    if (!doc) {
      return;
    }
    for (const key of [...this.submitted.keys()]) {
      if (key <= sequence) {
        this.submitted.delete(key);
      }
    }
    this.savedDoc = doc;
    this.checkDirty();
  }

  /** The server stored this text (not one this element sent): it becomes the saved baseline. */
  markSaved(text: string) {
    this.savedDoc = this.view.state.toText(text);
    this.checkDirty();
  }

  /** Saves now, as Ctrl/Cmd-S does. */
  save() {
    if (!this.readOnly) {
      this.submit(false);
    }
  }

  /** Installs the collaboration binding (e.g. y-codemirror.next's yCollab); [] removes it. */
  setCollaboration(extension: Extension) {
    this.collaborationExtension = extension;
    this.view.dispatch({ effects: this.collaborationSlot.reconfigure(extension) });
  }

  /** Installs diagnostics support (e.g. a linter fed by the language server); [] removes it. */
  setDiagnostics(extension: Extension) {
    this.diagnosticsExtension = extension;
    this.view.dispatch({ effects: this.diagnosticsSlot.reconfigure(extension) });
  }

  /** The CodeMirror view, for integrations that need it (the collaboration binding). */
  get editorView(): EditorView {
    return this.view;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  get documentName(): string {
    return this.fileName;
  }

  private createState(text: string): EditorState {
    const state = EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        foldGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        // With a live document, Yjs's undo manager (own edits only) replaces CodeMirror's history.
        this.collab ? [] : history(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...(this.collab ? [] : historyKeymap),
          ...foldKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        tandemLight,
        EditorView.contentAttributes.of({ 'aria-label': 'Code editor' }),
        this.indentationSlot.of([]),
        this.editableSlot.of(this.editableExtension()),
        this.languageSlot.of(this.languageExtension),
        this.collaborationSlot.of(this.collaborationExtension),
        this.diagnosticsSlot.of(this.diagnosticsExtension),
        this.languageServicesSlot.of(this.languageServicesExtension),
        EditorView.updateListener.of((update) => this.onUpdate(update)),
      ],
    });
    const indentation = detectIndentation(state.doc);
    return state.update({
      effects: this.indentationSlot.reconfigure([
        indentUnit.of(indentation.unit),
        EditorState.tabSize.of(indentation.tabSize),
      ]),
    }).state;
  }

  private editableExtension(): Extension {
    return [EditorState.readOnly.of(this.readOnly), EditorView.editable.of(!this.readOnly)];
  }

  private async setLanguage(id: string) {
    this.languageId = id;
    const request = ++this.languageRequest;
    const extension = await loadLanguage(id);
    // A newer document may have arrived while the language pack was loading.
    if (request !== this.languageRequest) {
      return;
    }
    this.languageExtension = extension;
    this.view.dispatch({ effects: this.languageSlot.reconfigure(extension) });
    this.dataset.language = this.languageId;
  }

  private onUpdate(update: ViewUpdate) {
    if (update.docChanged) {
      this.onDocChanged();
      if (this.languageServicesWorkspace !== null && this.hasAttribute('outline-open')) {
        window.clearTimeout(this.outlineTimer);
        this.outlineTimer = window.setTimeout(() => this.refreshOutline(), OUTLINE_DELAY_MS);
      }
    }
    if (update.docChanged || update.selectionSet) {
      this.scheduleCursor();
    }
  }

  private onDocChanged() {
    if (this.collab) {
      // The server stores a live document by itself: nothing is ever unsaved here.
      return;
    }
    const doc = this.view.state.doc;
    window.clearTimeout(this.dirtyCheckTimer);
    if (doc.length !== this.savedDoc.length || doc.lines !== this.savedDoc.lines) {
      this.setDirty(true);
    } else {
      // Same size as the saved text: it may be equal again (undo); compare when idle.
      this.dirtyCheckTimer = window.setTimeout(() => this.checkDirty(), DIRTY_CHECK_DELAY_MS);
    }
    this.scheduleAutoSave();
  }

  private scheduleAutoSave() {
    window.clearTimeout(this.autoSaveTimer);
    if (this.autoSaveDelay > 0 && !this.readOnly) {
      this.autoSaveTimer = window.setTimeout(() => this.autoSave(), this.autoSaveDelay);
    }
  }

  private autoSave() {
    this.checkDirty();
    const doc = this.view.state.doc;
    if (this.dirty && !this.readOnly && !(this.lastSubmitted && doc.eq(this.lastSubmitted))) {
      this.submit(true);
    }
  }

  private submit(auto: boolean) {
    const doc = this.view.state.doc;
    const sequence = ++this.saveSequence;
    this.submitted.set(sequence, doc);
    this.lastSubmitted = doc;
    window.clearTimeout(this.autoSaveTimer);
    const text = doc.sliceString(0, doc.length, this.lineBreak);
    this.dispatchEvent(new CustomEvent('tandem-save', { detail: { text, sequence, auto } }));
  }

  /** Text.eq skips subtrees shared with the saved snapshot, so this is cheap after edits. */
  private checkDirty() {
    window.clearTimeout(this.dirtyCheckTimer);
    this.setDirty(!this.view.state.doc.eq(this.savedDoc));
  }

  private setDirty(dirty: boolean, report = false) {
    if (dirty === this.dirty && !report) {
      return;
    }
    this.dirty = dirty;
    this.toggleAttribute('dirty', dirty);
    if (this.isConnected) {
      setUnloadGuard(this, dirty);
    }
    this.dispatchEvent(new CustomEvent('tandem-dirty-change', { detail: { dirty } }));
  }

  private onKeyDown(event: KeyboardEvent) {
    // Caught on the host, so it also works in the search panel, and the browser's own
    // "save page" dialog never opens from inside the editor.
    const mod = navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
    if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      event.stopPropagation();
      this.save();
    }
  }

  /** Leading and trailing throttle: the status bar follows the cursor without a request per key. */
  private scheduleCursor() {
    if (this.cursorTimer !== undefined) {
      this.cursorPending = true;
      return;
    }
    this.emitCursor();
    this.cursorTimer = window.setTimeout(() => this.cursorTimerFired(), CURSOR_THROTTLE_MS);
  }

  private cursorTimerFired() {
    this.cursorTimer = undefined;
    if (this.cursorPending) {
      this.cursorPending = false;
      this.scheduleCursor();
    }
  }

  private emitCursor() {
    const state = this.view.state;
    const head = state.selection.main.head;
    const line = state.doc.lineAt(head);
    const detail = {
      line: line.number,
      column: head - line.from + 1,
      selectionLength: state.selection.ranges.reduce((sum, range) => sum + range.to - range.from, 0),
    };
    const key = `${detail.line}:${detail.column}:${detail.selectionLength}`;
    if (key !== this.lastCursor) {
      this.lastCursor = key;
      this.dispatchEvent(new CustomEvent('tandem-cursor', { detail }));
    }
  }

  private clearTimers() {
    window.clearTimeout(this.autoSaveTimer);
    window.clearTimeout(this.dirtyCheckTimer);
    window.clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    this.cursorPending = false;
  }
}

function detectLineBreak(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? '\r\n' : '\n';
}

if (!customElements.get('tandem-editor')) {
  customElements.define('tandem-editor', TandemEditor);
}

declare global {
  interface HTMLElementTagNameMap {
    'tandem-editor': TandemEditor;
  }
}

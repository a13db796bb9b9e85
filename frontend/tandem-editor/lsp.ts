import { LSPClient, LSPPlugin, Workspace, type LSPClientExtension, type Transport, type WorkspaceFile } from '@codemirror/lsp-client';
import {
  findReferencesKeymap,
  formatDocument,
  hoverTooltips,
  serverCompletion,
  signatureHelp,
} from '@codemirror/lsp-client';
import { lintGutter, setDiagnostics, type Action, type Diagnostic } from '@codemirror/lint';
import { Prec, StateEffect, StateField, Text, type ChangeSpec, type Extension, type TransactionSpec } from '@codemirror/state';
import { EditorView, ViewPlugin, getDialog, keymap, showDialog, showTooltip, type Command, type Tooltip, type ViewUpdate } from '@codemirror/view';

/*
 * Java intelligence in the editor: CodeMirror's LSP client talking to the server's language
 * service at /lang/{workspaceId} (one JSON-RPC message per websocket text frame; the session
 * cookie authenticates, as for the terminal and live-document sockets). One client per workspace
 * and page, shared by every open editor of that workspace; the server checks roles, and a viewer's
 * editors get only the read-only features.
 */

/** Minimal LSP shapes used here (the protocol package is a type-only dependency of the client). */
interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface LspDiagnostic {
  range: Range;
  severity?: number;
  message: string;
  code?: string | number;
  source?: string;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface TextDocumentEdit {
  textDocument: { uri: string };
  edits: TextEdit[];
}
/** A file the server renamed (with a public type it declares); the page follows it. */
interface RenameFile {
  kind: 'rename';
  oldUri: string;
  newUri: string;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: Array<TextDocumentEdit | RenameFile | { kind: 'create' | 'delete' }>;
}
interface CodeAction {
  title: string;
  kind?: string;
  edit?: WorkspaceEdit;
  isPreferred?: boolean;
}

/** Quiet time after typing before the edits go to the server (the server debounces as well). */
const SYNC_DELAY_MS = 80;
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_BACKOFF_MS = 10_000;
const DISPLAY_FILE_TIMEOUT_MS = 15_000;

/** `file:///` + workspace path, as the server's contract says. */
export function documentUri(path: string): string {
  return 'file:///' + path.split('/').map(encodeURIComponent).join('/');
}

function pathOf(uri: string): string {
  return decodeURIComponent(uri.substring('file:///'.length));
}

/** Where the page asks the IDE to open a file (the Java side listens on the editor element). */
function requestOpen(from: EditorView, path: string, range?: Range) {
  from.dom.dispatchEvent(
    new CustomEvent('tandem-open-file', {
      bubbles: true,
      composed: true,
      detail: {
        path,
        line: range ? range.start.line + 1 : 0,
        column: range ? range.start.character + 1 : 0,
      },
    }),
  );
}

/** The server moved a file (a rename of the public type it declares): the IDE's tabs of it follow. */
function fileMoved(from: EditorView, oldPath: string, newPath: string) {
  from.dom.dispatchEvent(new CustomEvent('tandem-file-moved', { bubbles: true, composed: true, detail: { from: oldPath, to: newPath } }));
}

/** Edits for files this page has no editor for; the IDE applies them on the server. */
function requestEdits(from: EditorView, path: string, edits: TextEdit[]) {
  from.dom.dispatchEvent(new CustomEvent('tandem-apply-edits', { bubbles: true, composed: true, detail: { path, edits: JSON.stringify(edits) } }));
}

class TandemFile implements WorkspaceFile {
  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    public doc: Text,
    public view: EditorView | null,
  ) {}

  getView(): EditorView | null {
    return this.view;
  }
}

/**
 * The page's open Java files. Unlike the client's default workspace it opens files that have no
 * editor on demand (references in other files read their text from the REST API), asks the IDE to
 * open a file for go-to-definition, and sends edits of files without an editor to the server.
 */
class TandemWorkspace extends Workspace {
  files: TandemFile[] = [];
  private readonly versions = new Map<string, number>();
  private readonly waiting = new Map<string, Array<(view: EditorView | null) => void>>();

  constructor(
    client: LSPClient,
    private readonly workspaceId: number,
  ) {
    super(client);
  }

  private nextVersion(uri: string): number {
    const version = (this.versions.get(uri) ?? -1) + 1;
    this.versions.set(uri, version);
    return version;
  }

  syncFiles() {
    const result = [];
    for (const file of this.files) {
      const plugin = file.view && LSPPlugin.get(file.view);
      if (!file.view || !plugin) {
        continue;
      }
      const changes = plugin.unsyncedChanges;
      if (!changes.empty) {
        result.push({ changes, file, prevDoc: file.doc });
        file.doc = file.view.state.doc;
        file.version = this.nextVersion(file.uri);
        plugin.clear();
      }
    }
    return result;
  }

  openFile(uri: string, languageId: string, view: EditorView) {
    const existing = this.getFile(uri) as TandemFile | null;
    if (existing) {
      // The editor replaced its state (e.g. bound to the live document): same file, new text.
      if (existing.view !== view || !existing.doc.eq(view.state.doc)) {
        existing.view = view;
        existing.doc = view.state.doc;
        existing.version = this.nextVersion(uri);
        this.client.didClose(uri);
        this.client.didOpen(existing);
      }
    } else {
      const file = new TandemFile(uri, languageId, this.nextVersion(uri), view.state.doc, view);
      this.files.push(file);
      this.client.didOpen(file);
    }
    this.waiting.get(uri)?.forEach((resolve) => resolve(view));
    this.waiting.delete(uri);
  }

  closeFile(uri: string, view: EditorView) {
    const file = this.getFile(uri) as TandemFile | null;
    if (file && file.view === view) {
      this.files = this.files.filter((f) => f !== file);
      this.client.didClose(uri);
    }
  }

  async requestFile(uri: string): Promise<WorkspaceFile | null> {
    const open = this.getFile(uri);
    if (open) {
      return open;
    }
    const response = await fetch(`/api/v1/workspaces/${this.workspaceId}/files/${pathOf(uri).split('/').map(encodeURIComponent).join('/')}`, {
      credentials: 'same-origin',
    });
    if (!response.ok) {
      return null;
    }
    const text = await response.text();
    return new TandemFile(uri, 'java', -1, Text.of(text.split(/\r?\n/)), null);
  }

  displayFile(uri: string): Promise<EditorView | null> {
    const anyView = this.files.find((f) => f.view)?.view;
    if (!anyView) {
      return Promise.resolve(null);
    }
    requestOpen(anyView, pathOf(uri));
    const open = this.getFile(uri);
    if (open?.getView()) {
      return Promise.resolve(open.getView());
    }
    return new Promise((resolve) => {
      const list = this.waiting.get(uri) ?? [];
      list.push(resolve);
      this.waiting.set(uri, list);
      window.setTimeout(() => {
        const pending = this.waiting.get(uri);
        if (pending?.includes(resolve)) {
          pending.splice(pending.indexOf(resolve), 1);
          resolve(null);
        }
      }, DISPLAY_FILE_TIMEOUT_MS);
    });
  }

  /** Applies a server's edit: open files through their editor (and so their live document), others on the server. */
  applyEdit(edit: WorkspaceEdit, from: EditorView, userEvent: string) {
    const byUri = new Map<string, TextEdit[]>();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    }
    const moves: RenameFile[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) {
        byUri.set(change.textDocument.uri, [...(byUri.get(change.textDocument.uri) ?? []), ...change.edits]);
      } else if (change.kind === 'rename') {
        moves.push(change as RenameFile);
      }
    }
    for (const [uri, edits] of byUri) {
      if (!edits.length) {
        continue;
      }
      const file = this.getFile(uri) as TandemFile | null;
      const view = file?.view;
      if (view) {
        const plugin = LSPPlugin.get(view);
        const doc = plugin ? plugin.syncedDoc : view.state.doc;
        const changes: ChangeSpec[] = edits.map((e) => ({
          from: plugin ? plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.start, doc)) : toOffset(doc, e.range.start),
          to: plugin ? plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.end, doc)) : toOffset(doc, e.range.end),
          insert: e.newText,
        }));
        view.dispatch({ changes, userEvent } as TransactionSpec);
      } else {
        requestEdits(from, pathOf(uri), edits);
      }
    }
    // The server already moved the file (after its text edits); only the tabs follow.
    moves.forEach((move) => fileMoved(from, pathOf(move.oldUri), pathOf(move.newUri)));
  }
}

function toOffset(doc: Text, position: Position): number {
  const line = doc.line(Math.min(doc.lines, position.line + 1));
  return Math.min(line.to, line.from + position.character);
}

/** A websocket that buffers what the client sends until it is open. */
class SocketTransport implements Transport {
  private readonly handlers = new Set<(value: string) => void>();
  private readonly queue: string[] = [];

  constructor(readonly socket: WebSocket) {
    socket.addEventListener('open', () => this.queue.splice(0).forEach((m) => socket.send(m)));
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') {
        this.handlers.forEach((handler) => handler(event.data));
      }
    });
  }

  send(message: string) {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(message);
    } else if (this.socket.readyState === WebSocket.CONNECTING) {
      this.queue.push(message);
    } else {
      throw new Error('The language service is not connected');
    }
  }

  subscribe(handler: (value: string) => void) {
    this.handlers.add(handler);
  }

  unsubscribe(handler: (value: string) => void) {
    this.handlers.delete(handler);
  }
}

function severityOf(severity: number | undefined): Diagnostic['severity'] {
  return severity === 2 ? 'warning' : severity === 3 ? 'info' : severity === 4 ? 'hint' : 'error';
}

/** The server's diagnostics as lint squiggles, gutter markers and hover text; a quick-fix action on each. */
function diagnostics(connection: LangConnection): LSPClientExtension {
  return {
    clientCapabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    notificationHandlers: {
      'textDocument/publishDiagnostics': (client, params: { uri: string; version?: number | null; diagnostics: LspDiagnostic[] }) => {
        const file = client.workspace.getFile(params.uri);
        if (!file || (params.version != null && params.version !== file.version)) {
          return false;
        }
        const view = file.getView();
        const plugin = view && LSPPlugin.get(view);
        if (!view || !plugin) {
          return false;
        }
        const actions: Action[] = connection.canWrite ? [{ name: 'Quick fix…', apply: (v, from, to) => void showCodeActions(v, from, to) }] : [];
        const mapped: Diagnostic[] = params.diagnostics.map((item) => ({
          from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(item.range.start, plugin.syncedDoc)),
          to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(item.range.end, plugin.syncedDoc)),
          severity: severityOf(item.severity),
          message: item.message,
          source: 'java',
          actions,
        }));
        connection.lastDiagnostics.set(params.uri, params.diagnostics);
        view.dispatch(setDiagnostics(view.state, mapped));
        return true;
      },
    },
    editorExtension: [lintGutter(), autoSync],
  };
}

/** Sends edits soon after typing stops, so diagnostics follow the text. */
const autoSync = ViewPlugin.fromClass(
  class {
    private pending = -1;

    update(update: ViewUpdate) {
      if (update.docChanged) {
        window.clearTimeout(this.pending);
        this.pending = window.setTimeout(() => {
          this.pending = -1;
          LSPPlugin.get(update.view)?.client.sync();
        }, SYNC_DELAY_MS);
      }
    }

    destroy() {
      window.clearTimeout(this.pending);
    }
  },
);

/* ---------- code actions: quick fixes and organize imports ---------- */

const setActionsTooltip = StateEffect.define<Tooltip | null>();

const actionsTooltip = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setActionsTooltip)) {
        return effect.value;
      }
    }
    return tr.docChanged || tr.selection ? null : value;
  },
  provide: (field) => showTooltip.from(field),
});

function connectionOf(view: EditorView): LangConnection | null {
  const plugin = LSPPlugin.get(view);
  return plugin ? (connections.get(plugin.client) ?? null) : null;
}

async function requestCodeActions(view: EditorView, from: number, to: number, only?: string[]): Promise<CodeAction[]> {
  const plugin = LSPPlugin.get(view);
  const connection = connectionOf(view);
  if (!plugin || !connection || lacks(plugin.client, 'codeActionProvider')) {
    return [];
  }
  plugin.client.sync();
  const range = { start: plugin.toPosition(from), end: plugin.toPosition(to) };
  const overlapping = (connection.lastDiagnostics.get(plugin.uri) ?? []).filter(
    (d) => comparePositions(d.range.start, range.end) <= 0 && comparePositions(d.range.end, range.start) >= 0,
  );
  const result = await plugin.client.request<unknown, CodeAction[] | null>('textDocument/codeAction', {
    textDocument: { uri: plugin.uri },
    range,
    context: only ? { diagnostics: overlapping, only } : { diagnostics: overlapping },
  });
  return (result ?? []).filter((action) => action.edit);
}

/** The server said it does not offer `capability` (unknown before initialization: then try). */
function lacks(client: LSPClient, capability: 'codeActionProvider' | 'documentRangeFormattingProvider' | 'renameProvider'): boolean {
  return client.serverCapabilities != null && !client.serverCapabilities[capability];
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Shows the code actions for a range as a small menu under it; choosing one applies its edit. */
async function showCodeActions(view: EditorView, from: number, to: number) {
  const connection = connectionOf(view);
  if (!connection) {
    return;
  }
  let actions: CodeAction[];
  try {
    actions = await requestCodeActions(view, from, to);
  } catch (error) {
    LSPPlugin.get(view)?.reportError('Quick fixes failed', error);
    return;
  }
  const pos = Math.min(from, view.state.doc.length);
  view.dispatch({
    effects: setActionsTooltip.of({
      pos,
      above: false,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'cm-tandem-code-actions';
        if (!actions.length) {
          dom.textContent = 'No quick fixes here';
        }
        for (const action of actions) {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = action.title;
          button.addEventListener('mousedown', (event) => {
            event.preventDefault();
            view.dispatch({ effects: setActionsTooltip.of(null) });
            connection.workspace.applyEdit(action.edit!, view, 'input.quickfix');
          });
          dom.appendChild(button);
        }
        return { dom };
      },
    }),
  });
}

/** Ctrl/Cmd-. and Alt-Enter: quick fixes at the cursor (or for the selection). */
export const quickFix: Command = (view) => {
  if (!LSPPlugin.get(view)) {
    return false;
  }
  const { from, to } = view.state.selection.main;
  void showCodeActions(view, from, to);
  return true;
};

/** Shift-Alt-O: organize imports (adds missing, removes unused, sorts as Eclipse does). */
export const organizeImports: Command = (view) => {
  const connection = connectionOf(view);
  if (!connection) {
    return false;
  }
  requestCodeActions(view, 0, 0, ['source.organizeImports']).then(
    (actions) => {
      const action = actions.find((a) => a.kind?.startsWith('source.organizeImports'));
      if (action?.edit) {
        connection.workspace.applyEdit(action.edit, view, 'input.organizeImports');
      }
    },
    (error) => LSPPlugin.get(view)?.reportError('Organize imports failed', error),
  );
  return true;
};

/** Shift-Alt-F: formats the selection if there is one, else the whole document. */
export const formatCode: Command = (view) => {
  const plugin = LSPPlugin.get(view);
  const { from, to } = view.state.selection.main;
  if (!plugin || from === to) {
    return formatDocument(view);
  }
  if (lacks(plugin.client, 'documentRangeFormattingProvider')) {
    return false;
  }
  plugin.client.sync();
  plugin.client
    .request<unknown, TextEdit[] | null>('textDocument/rangeFormatting', {
      textDocument: { uri: plugin.uri },
      range: { start: plugin.toPosition(from), end: plugin.toPosition(to) },
      options: { tabSize: view.state.tabSize, insertSpaces: true },
    })
    .then(
      (edits) => {
        if (edits?.length) {
          connectionOf(view)?.workspace.applyEdit({ changes: { [plugin.uri]: edits } }, view, 'format');
        }
      },
      (error) => plugin.reportError('Formatting failed', error),
    );
  return true;
};

/**
 * F2: renames the symbol at the cursor everywhere. Unlike the LSP client's own command, the whole
 * answer is applied: files without an editor on this page are changed on the server, and a file
 * the server renamed along with its public type is followed by its tab.
 */
export const renameSymbol: Command = (view) => {
  const plugin = LSPPlugin.get(view);
  const connection = connectionOf(view);
  const word = view.state.wordAt(view.state.selection.main.head);
  if (!plugin || !connection || !word || lacks(plugin.client, 'renameProvider')) {
    return false;
  }
  const name = view.state.sliceDoc(word.from, word.to);
  const open = getDialog(view, 'cm-lsp-rename-panel');
  if (open) {
    const input = open.dom.querySelector<HTMLInputElement>('[name=name]');
    if (input) {
      input.value = name;
      input.select();
    }
    return true;
  }
  const { close, result } = showDialog(view, {
    label: view.state.phrase('New name'),
    input: { name: 'name', value: name },
    focus: true,
    submitLabel: view.state.phrase('rename'),
    class: 'cm-lsp-rename-panel',
  });
  result.then((form) => {
    view.dispatch({ effects: close });
    const newName = (form?.elements.namedItem('name') as HTMLInputElement | null)?.value;
    if (!newName || newName === name) {
      return;
    }
    plugin.client.sync();
    plugin.client
      .request<unknown, WorkspaceEdit | null>('textDocument/rename', {
        textDocument: { uri: plugin.uri },
        position: plugin.toPosition(word.from),
        newName,
      })
      .then(
        (edit) => edit && connection.workspace.applyEdit(edit, view, 'rename'),
        (error) => plugin.reportError('Rename failed', error),
      );
  });
  return true;
};

interface Location {
  uri: string;
  range: Range;
}

/**
 * F12: goes to the definition in the workspace's sources; for a library or JDK element, which has
 * no source here, shows its signature and documentation (the hover's) under the name instead.
 */
export const goToDefinition: Command = (view) => {
  const plugin = LSPPlugin.get(view);
  const connection = connectionOf(view);
  if (!plugin || !connection) {
    return false;
  }
  const pos = view.state.selection.main.head;
  const position = plugin.toPosition(pos);
  plugin.client.sync();
  const at = { textDocument: { uri: plugin.uri }, position };
  plugin.client
    .request<unknown, Location | Location[] | null>('textDocument/definition', at)
    .then(async (result) => {
      const location = Array.isArray(result) ? result[0] : result;
      if (location) {
        const target = location.uri === plugin.uri ? view : await connection.workspace.displayFile(location.uri);
        const targetPlugin = target && LSPPlugin.get(target);
        if (target) {
          const anchor = targetPlugin ? targetPlugin.fromPosition(location.range.start, target.state.doc) : toOffset(target.state.doc, location.range.start);
          target.dispatch({ selection: { anchor }, scrollIntoView: true, userEvent: 'select.definition' });
        }
        return;
      }
      const hover = await plugin.client.request<unknown, { contents: { value: string } | string } | null>('textDocument/hover', at);
      const text = typeof hover?.contents === 'string' ? hover.contents : hover?.contents?.value;
      if (text) {
        showSignature(view, pos, text);
      }
    })
    .catch((error) => plugin.reportError('Find definition failed', error));
  return true;
};

/** A library element's signature and documentation (hover Markdown, shown as plain text) in a tooltip. */
function showSignature(view: EditorView, pos: number, markdown: string) {
  view.dispatch({
    effects: setActionsTooltip.of({
      pos,
      above: false,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'cm-tandem-signature';
        for (const block of markdown.split(/\n{2,}/)) {
          const code = block.match(/^```\w*\n([\s\S]*?)\n?```$/);
          const part = document.createElement(code ? 'pre' : 'p');
          part.textContent = code ? code[1] : block;
          dom.appendChild(part);
        }
        return { dom };
      },
    }),
  });
}

/** Ctrl/Cmd-click goes to the definition of what was clicked. */
const clickToDefinition = EditorView.domEventHandlers({
  mousedown(event, view) {
    const mod = navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
    if (!mod || event.button !== 0) {
      return false;
    }
    const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
    if (pos == null) {
      return false;
    }
    event.preventDefault();
    view.dispatch({ selection: { anchor: pos } });
    return goToDefinition(view);
  },
});

const codeActionTheme = EditorView.baseTheme({
  '.cm-tandem-code-actions': { display: 'flex', flexDirection: 'column', padding: '2px', fontFamily: 'sans-serif' },
  '.cm-tandem-code-actions button': {
    textAlign: 'left',
    border: 'none',
    background: 'transparent',
    padding: '3px 8px',
    cursor: 'pointer',
    font: 'inherit',
  },
  '.cm-tandem-code-actions button:hover': { background: '#0001' },
  '.cm-tandem-signature': { maxWidth: '60ch', maxHeight: '20em', overflow: 'auto', padding: '2px 8px', fontFamily: 'sans-serif' },
  '.cm-tandem-signature pre': { margin: '4px 0', whiteSpace: 'pre-wrap', fontFamily: 'monospace' },
  '.cm-tandem-signature p': { margin: '4px 0' },
});

/* ---------- one connection per workspace and page ---------- */

const connections = new Map<LSPClient, LangConnection>();
const byWorkspace = new Map<number, LangConnection>();

class LangConnection {
  readonly client: LSPClient;
  readonly workspace: TandemWorkspace;
  /** The server's raw diagnostics of each open file, sent along with code action requests. */
  readonly lastDiagnostics = new Map<string, LspDiagnostic[]>();
  users = 0;
  private socket: WebSocket | null = null;
  private backoff = 500;
  private closed = false;

  constructor(
    readonly workspaceId: number,
    readonly canWrite: boolean,
  ) {
    let workspace: TandemWorkspace | null = null;
    const editing: Extension = canWrite
      ? Prec.high(
          keymap.of([
            { key: 'Shift-Alt-f', run: formatCode, preventDefault: true },
            { key: 'Shift-Alt-o', run: organizeImports, preventDefault: true },
            { key: 'Mod-.', run: quickFix, preventDefault: true },
            { key: 'Alt-Enter', run: quickFix, preventDefault: true },
            { key: 'F2', run: renameSymbol, preventDefault: true },
          ]),
        )
      : [];
    this.client = new LSPClient({
      rootUri: 'file:///',
      timeout: REQUEST_TIMEOUT_MS,
      workspace: (client) => (workspace = new TandemWorkspace(client, workspaceId)),
      unhandledNotification: () => {
        // Diagnostics of files without an editor: the Problems panel shows those.
      },
      extensions: [
        serverCompletion({ override: true }),
        hoverTooltips(),
        signatureHelp(),
        diagnostics(this),
        // Renaming a public type renames its file on the server; the answer says so and the page follows.
        { clientCapabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } } },
        keymap.of([{ key: 'F12', run: goToDefinition, preventDefault: true }, ...findReferencesKeymap]),
        clickToDefinition,
        editing,
        actionsTooltip,
        codeActionTheme,
      ],
    });
    this.workspace = workspace!;
    connections.set(this.client, this);
    this.connect();
  }

  private connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/lang/${this.workspaceId}`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoff = 500;
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.client.disconnect();
      this.socket = null;
      // 1008: the server refused us (signed out, no longer a member): trying again will not help.
      if (!this.closed && event.code !== 1008) {
        window.setTimeout(() => !this.closed && this.connect(), this.backoff);
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      }
    });
    this.client.connect(new SocketTransport(socket));
  }

  close() {
    this.closed = true;
    connections.delete(this.client);
    this.client.disconnect();
    this.socket?.close(1000);
    this.socket = null;
  }
}

/** How long a connection outlives its last editor (tabs are closed and opened in quick succession). */
const LINGER_MS = 30_000;
const lingering = new Map<number, number>();

/**
 * The editor extension that connects one file to its workspace's Java language service. Call
 * {@link releaseLanguageServices} when the editor no longer shows the file.
 */
export function languageServices(workspaceId: number, path: string, canWrite: boolean): Extension {
  let connection = byWorkspace.get(workspaceId);
  if (!connection || connection.canWrite !== canWrite) {
    connection?.close();
    connection = new LangConnection(workspaceId, canWrite);
    byWorkspace.set(workspaceId, connection);
  }
  window.clearTimeout(lingering.get(workspaceId));
  lingering.delete(workspaceId);
  connection.users++;
  return connection.client.plugin(documentUri(path), 'java');
}

export function releaseLanguageServices(workspaceId: number) {
  const connection = byWorkspace.get(workspaceId);
  if (!connection || --connection.users > 0) {
    return;
  }
  lingering.set(
    workspaceId,
    window.setTimeout(() => {
      lingering.delete(workspaceId);
      if (byWorkspace.get(workspaceId) === connection && connection.users <= 0) {
        byWorkspace.delete(workspaceId);
        connection.close();
      }
    }, LINGER_MS),
  );
}

/** Selects and shows a range given as 1-based line and column (Problems panel, go to definition). */
export function revealPosition(view: EditorView, line: number, column: number) {
  const doc = view.state.doc;
  const l = doc.line(Math.max(1, Math.min(doc.lines, line)));
  const pos = Math.min(l.to, l.from + Math.max(0, column - 1));
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  view.focus();
}

/**
 * The outline of the editor's file (LSP `textDocument/documentSymbol`), after sending the edits not
 * yet synced, so it matches the text on screen; null when the editor has no language service.
 */
export async function documentSymbols<T>(view: EditorView): Promise<T[] | null> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) {
    return null;
  }
  plugin.client.sync();
  return (await plugin.client.request<unknown, T[] | null>('textDocument/documentSymbol', { textDocument: { uri: plugin.uri } })) ?? [];
}

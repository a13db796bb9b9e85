import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import { keymap } from '@codemirror/view';
import type { Extension } from '@codemirror/state';

/** Connection state shown in the status bar. */
export type CollabStatus = 'connecting' | 'live' | 'offline';

export interface CollabListener {
  status(status: CollabStatus): void;
  /** The server closed the room for good: moved (reason `moved:<path>`), deleted, access lost. */
  closed(code: number, reason: string): void;
}

/** Websocket base of this server's live documents, e.g. `wss://host/collab`. */
export function collabBase(): string {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/collab';
}

/** A stable colour per user name, so everyone sees the same person in the same colour. */
export function userColor(name: string): { color: string; colorLight: string } {
  let hash = 0;
  for (let i = 0; i < name.length; i++) {
    hash = (hash * 31 + name.charCodeAt(i)) | 0;
  }
  const hue = Math.abs(hash) % 360;
  return { color: `hsl(${hue} 70% 42%)`, colorLight: `hsl(${hue} 70% 42% / 0.2)` };
}

/**
 * One file's live document: a Yjs document synced with the server's room through y-websocket's
 * provider (session cookie auth), the CodeMirror binding with remote cursors, and an undo manager
 * that undoes only this user's edits. Edits made while offline stay in the document and merge
 * when the provider reconnects.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('content');
  readonly provider: WebsocketProvider;
  readonly undoManager = new Y.UndoManager(this.text);
  private syncedOnce = false;
  private readonly whenSynced: Array<() => void> = [];

  constructor(workspaceId: number, path: string, userName: string, listener: CollabListener) {
    this.provider = new WebsocketProvider(`${collabBase()}/${workspaceId}`, encodeURIComponent(path), this.doc, {
      // Another tab of the same browser must not bypass the server (roles are checked there).
      disableBc: true,
      maxBackoffTime: 5000,
    });
    this.provider.awareness.setLocalStateField('user', { name: userName, ...userColor(userName) });
    this.provider.on('status', ({ status }: { status: string }) => {
      listener.status(status === 'connected' ? (this.provider.synced ? 'live' : 'connecting') : status === 'connecting' ? 'connecting' : 'offline');
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        listener.status('live');
        if (!this.syncedOnce) {
          this.syncedOnce = true;
          this.whenSynced.splice(0).forEach((callback) => callback());
        }
      }
    });
    this.provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      listener.status('offline');
      listener.closed(code, reason);
    });
  }

  /** Runs `callback` once the document has the server's content (at once if it has). */
  onFirstSync(callback: () => void) {
    if (this.syncedOnce) {
      callback();
    } else {
      this.whenSynced.push(callback);
    }
  }

  /** The CodeMirror extensions: document binding, remote selections, own-edits undo on Mod-z. */
  extension(): Extension {
    return [keymap.of(yUndoManagerKeymap), yCollab(this.text, this.provider.awareness, { undoManager: this.undoManager })];
  }

  /** Where user `name`'s cursor is in this document, if they are here. */
  cursorOf(name: string): number | null {
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      if (clientId !== this.doc.clientID && state.user?.name === name && state.cursor?.head) {
        const position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(state.cursor.head), this.doc);
        if (position) {
          return position.index;
        }
      }
    }
    return null;
  }

  onAwarenessChange(callback: () => void) {
    this.provider.awareness.on('change', callback);
  }

  destroy() {
    this.provider.destroy();
    this.undoManager.destroy();
    this.doc.destroy();
  }
}

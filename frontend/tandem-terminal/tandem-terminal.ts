import { LitElement, html, type PropertyValues } from 'lit';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { SearchAddon } from '@xterm/addon-search';
import '@xterm/xterm/css/xterm.css';

/** Rendered bytes are acknowledged in batches of this size (flow control, see docs/terminal.md). */
const ACK_BATCH = 32 * 1024;
/** Largest input message sent (a paste is split): well below the server's tandem.terminal.max-message (64 KB). */
const INPUT_CHUNK = 16 * 1024;
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000];

interface ControlMessage {
  type: string;
  [key: string]: unknown;
}

/**
 * `<tandem-terminal>`: one shared terminal of a workspace, drawn by xterm.js.
 *
 * It connects to `/terminal/{workspaceId}/{terminalId}` with the page's session cookie: binary
 * frames are raw bytes both ways, text frames JSON control messages. It acknowledges the output
 * xterm.js has rendered (`ack`), so the server pauses the shell instead of flooding the page, and
 * it follows the server's terminal size when the user may only watch. After a dropped connection it
 * reconnects and the server replays the scrollback. Events: `terminal-opened`, `terminal-exit`
 * (`detail.reason`, `detail.message`), `terminal-error`.
 *
 * It renders into the light DOM, where xterm.js's global stylesheet applies.
 */
export class TandemTerminal extends LitElement {
  static properties = {
    workspaceId: { type: Number, attribute: 'workspace-id' },
    terminalId: { type: String, attribute: 'terminal-id' },
    readOnly: { type: Boolean, attribute: 'read-only', reflect: true },
    status: { type: String, reflect: true },
    searching: { state: true },
  };

  workspaceId = 0;
  terminalId = '';
  readOnly = false;
  /** connecting, open, exited or failed: for styling and for tests. */
  status = 'connecting';
  searching = false;

  private term?: Terminal;
  private fit = new FitAddon();
  private search = new SearchAddon();
  private socket?: WebSocket;
  private unacked = 0;
  private attempts = 0;
  private finished = false;
  private resizeObserver?: ResizeObserver;
  private reconnectTimer?: number;
  private ackTimer?: number;
  private readonly encoder = new TextEncoder();

  protected createRenderRoot() {
    return this;
  }

  render() {
    return html`
      <style>
        tandem-terminal { display: block; position: relative; height: 100%; min-height: 4rem; background: #1e1f22; }
        tandem-terminal .tandem-terminal-screen { position: absolute; inset: 0.25rem 0 0 0.5rem; }
        tandem-terminal .tandem-terminal-search { position: absolute; top: 0.25rem; right: 1rem; z-index: 10; }
        tandem-terminal .tandem-terminal-search[hidden] { display: none; }
      </style>
      <div class="tandem-terminal-search" ?hidden=${!this.searching}>
        <input type="search" placeholder="Find in terminal" aria-label="Find in terminal"
               @keydown=${this.onSearchKey} />
      </div>
      <div class="tandem-terminal-screen"></div>
    `;
  }

  protected firstUpdated(_changed: PropertyValues) {
    const screen = this.querySelector('.tandem-terminal-screen') as HTMLElement;
    const term = new Terminal({
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 13,
      theme: { background: '#1e1f22', foreground: '#d8dadf' },
    });
    term.loadAddon(this.fit);
    term.loadAddon(this.search);
    term.loadAddon(new WebLinksAddon());
    term.open(screen);
    term.attachCustomKeyEventHandler((event) => this.onKey(event));
    term.onData((data) => this.send(this.encoder.encode(data)));
    term.onBinary((data) => this.send(Uint8Array.from(data, (c) => c.charCodeAt(0))));
    this.term = term;
    this.resizeObserver = new ResizeObserver(() => this.fitToPanel());
    this.resizeObserver.observe(this);
    this.connect();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.finished = true;
    window.clearTimeout(this.reconnectTimer);
    this.resizeObserver?.disconnect();
    this.socket?.close(1000, 'closed by the page');
    this.term?.dispose();
  }

  /** Gives the keyboard to the terminal. */
  focus() {
    this.term?.focus();
  }

  private connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/terminal/${this.workspaceId}/${encodeURIComponent(this.terminalId)}`);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.attempts = 0;
      this.unacked = 0;
      // The first ack turns on acknowledgement-based flow control for this connection.
      socket.send(JSON.stringify({ type: 'ack', bytes: 0 }));
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        this.onControl(JSON.parse(event.data) as ControlMessage);
      } else {
        const data = new Uint8Array(event.data as ArrayBuffer);
        this.term?.write(data, () => this.rendered(data.length));
      }
    };
    socket.onclose = (event) => this.onClose(event);
    this.socket = socket;
  }

  private onControl(message: ControlMessage) {
    const term = this.term!;
    switch (message.type) {
      case 'opened':
        term.reset();
        this.readOnly = Boolean(message.readOnly);
        this.status = 'open';
        if (this.readOnly) {
          term.resize(message.cols as number, message.rows as number);
        } else {
          this.fitToPanel(true);
        }
        this.dispatchEvent(new CustomEvent('terminal-opened', { detail: message }));
        break;
      case 'size':
        if (this.readOnly) {
          term.resize(message.cols as number, message.rows as number);
        }
        break;
      case 'exit':
        this.finished = true;
        this.status = 'exited';
        term.write(`\r\n\x1b[2m[${message.message}]\x1b[0m\r\n`);
        this.dispatchEvent(new CustomEvent('terminal-exit', { detail: message }));
        break;
      case 'error':
        term.write(`\r\n\x1b[33m[${message.message}]\x1b[0m\r\n`);
        this.dispatchEvent(new CustomEvent('terminal-error', { detail: message }));
        break;
      default:
        break;
    }
  }

  private onClose(event: CloseEvent) {
    if (this.finished) {
      return;
    }
    // 4xxx: the server refused (unknown terminal, private, too slow...) and said why in an error message.
    if (event.code >= 4000 && event.code !== 4408) {
      this.finished = true;
      this.status = 'failed';
      return;
    }
    this.status = 'connecting';
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length - 1)];
    this.attempts++;
    this.reconnectTimer = window.setTimeout(() => this.connect(), delay);
  }

  private rendered(bytes: number) {
    this.unacked += bytes;
    if (this.unacked >= ACK_BATCH) {
      this.flushAck();
    } else if (this.ackTimer === undefined) {
      // Small outputs are acknowledged soon too, so the server never waits on a partial batch.
      this.ackTimer = window.setTimeout(() => this.flushAck(), 50);
    }
  }

  private flushAck() {
    window.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.unacked > 0 && this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'ack', bytes: this.unacked }));
      this.unacked = 0;
    }
  }

  /** Sends input; a large paste goes as several messages in order, each below the server's limit. */
  private send(data: Uint8Array) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      for (let offset = 0; offset < data.length; offset += INPUT_CHUNK) {
        this.socket.send(data.subarray(offset, offset + INPUT_CHUNK));
      }
    }
  }

  private fitToPanel(force = false) {
    const term = this.term;
    if (!term || this.readOnly || this.offsetParent === null) {
      return;
    }
    const before = `${term.cols}x${term.rows}`;
    this.fit.fit();
    if ((force || before !== `${term.cols}x${term.rows}`) && this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    }
  }

  /** Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes, Ctrl+Shift+F finds; other keys go to the shell. */
  private onKey(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) {
      return true;
    }
    if (event.code === 'KeyC' && this.term?.hasSelection()) {
      void navigator.clipboard?.writeText(this.term.getSelection());
      return false;
    }
    if (event.code === 'KeyV') {
      // Left to the browser, whose paste event xterm.js turns into input.
      return false;
    }
    if (event.code === 'KeyF') {
      this.searching = true;
      void this.updateComplete.then(() => (this.querySelector('.tandem-terminal-search input') as HTMLInputElement)?.focus());
      return false;
    }
    return true;
  }

  private onSearchKey(event: KeyboardEvent) {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter') {
      if (event.shiftKey) {
        this.search.findPrevious(input.value);
      } else {
        this.search.findNext(input.value);
      }
    } else if (event.key === 'Escape') {
      this.searching = false;
      this.search.clearDecorations();
      this.term?.focus();
    }
  }
}

customElements.define('tandem-terminal', TandemTerminal);

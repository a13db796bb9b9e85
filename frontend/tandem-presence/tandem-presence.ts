import { LitElement, css, html } from 'lit';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { collabBase, userColor } from '../tandem-editor/collab';

interface Person {
  name: string;
  color: string;
  file: string | null;
  leading: boolean;
}

/**
 * `<tandem-presence>`: who is in the workspace and which file each has open, from the workspace's
 * presence room (`/collab/{workspaceId}`, awareness only; the server stamps each state with the
 * real user name and lets only owners lead).
 *
 * Click a person to follow them: their active file opens (`tandem-follow-file`, the IDE opens the
 * tab) and the editor keeps their cursor in view; acting yourself stops it. An owner can ask
 * everyone to follow them ("Lead"). Files others have open get a dot in the file tree.
 */
export class TandemPresence extends LitElement {
  static properties = {
    workspaceId: { type: Number, attribute: 'workspace-id' },
    userName: { type: String, attribute: 'user-name' },
    canLead: { type: Boolean, attribute: 'can-lead' },
    activeFile: { type: String, attribute: 'active-file' },
    people: { state: true },
    followed: { state: true },
    leading: { state: true },
  };

  static styles = css`
    :host { display: inline-flex; align-items: center; gap: 4px; }
    .person {
      width: 26px; height: 26px; border-radius: 50%; border: 2px solid transparent;
      color: white; font: 600 11px/22px var(--lumo-font-family, sans-serif); text-align: center;
      cursor: pointer; padding: 0; position: relative;
    }
    .person.followed { border-color: var(--lumo-primary-color, #1676f3); box-shadow: 0 0 0 2px white inset; }
    .person.leader::after { content: '★'; position: absolute; top: -8px; right: -6px; color: #d39e00; font-size: 11px; }
    button.lead { font: inherit; font-size: var(--lumo-font-size-s, 13px); margin-left: 6px; cursor: pointer; }
    .following { font-size: var(--lumo-font-size-s, 13px); color: var(--lumo-secondary-text-color, #666); margin-left: 6px; }
  `;

  declare workspaceId: number;
  declare userName: string;
  declare canLead: boolean;
  declare activeFile: string;
  declare people: Person[];
  declare followed: string | null;
  declare leading: boolean;

  private provider: WebsocketProvider | null = null;
  private doc: Y.Doc | null = null;
  /** Set when the user stopped following a leader: don't pull them back until the leader leads anew. */
  private optedOutOf: string | null = null;
  private readonly dots = document.createElement('style');
  private readonly onFollowStopped = () => this.setFollowed(null, true);

  constructor() {
    super();
    this.people = [];
    this.followed = null;
    this.leading = false;
    this.activeFile = '';
  }

  connectedCallback() {
    super.connectedCallback();
    document.head.appendChild(this.dots);
    document.addEventListener('tandem-follow-stopped', this.onFollowStopped);
    this.connect();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('tandem-follow-stopped', this.onFollowStopped);
    this.dots.remove();
    this.provider?.destroy();
    this.doc?.destroy();
    this.provider = null;
  }

  protected updated(changed: Map<string, unknown>) {
    if (changed.has('activeFile') || changed.has('leading')) {
      this.publish();
    }
  }

  private connect() {
    if (this.provider || !this.workspaceId) {
      return;
    }
    this.doc = new Y.Doc();
    this.provider = new WebsocketProvider(collabBase(), String(this.workspaceId), this.doc, { disableBc: true, maxBackoffTime: 5000 });
    this.publish();
    this.provider.awareness.on('change', () => this.refresh());
  }

  private publish() {
    this.provider?.awareness.setLocalState({
      user: { name: this.userName, ...userColor(this.userName) },
      file: this.activeFile || null,
      leading: this.leading,
    });
  }

  private refresh() {
    if (!this.provider) {
      return;
    }
    const byName = new Map<string, Person>();
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const name = state.user?.name;
      if (clientId === this.doc!.clientID || !name || name === this.userName) {
        continue;
      }
      const known = byName.get(name);
      byName.set(name, {
        name,
        color: userColor(name).color,
        file: state.file ?? known?.file ?? null,
        leading: Boolean(state.leading) || Boolean(known?.leading),
      });
    }
    this.people = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.updateDots();
    const leader = this.people.find((p) => p.leading);
    if (!leader) {
      this.optedOutOf = null;
    }
    if (leader && this.followed === null && this.optedOutOf !== leader.name) {
      this.setFollowed(leader.name, false);
    } else if (this.followed && !byName.has(this.followed)) {
      this.setFollowed(null, false);
    } else if (this.followed) {
      this.goTo(byName.get(this.followed)!);
    }
    this.dispatchEvent(new CustomEvent('tandem-presence-change', { detail: { people: this.people } }));
  }

  /** A dot after the name of each file someone else has open, in that person's colour. */
  private updateDots() {
    const rules = this.people
      .filter((p) => p.file)
      .map((p) => `[data-type="file"][data-path="${CSS.escape(p.file!)}"]::after { content: ' ●'; color: ${p.color}; }`);
    this.dots.textContent = rules.join('\n');
  }

  private setFollowed(name: string | null, byUser: boolean) {
    if (byUser && name === null) {
      const leader = this.people.find((p) => p.leading);
      if (leader && this.followed === leader.name) {
        this.optedOutOf = leader.name;
      }
    }
    this.followed = name;
    this.lastFile = null;
    document.querySelectorAll('tandem-editor[following]').forEach((e) => (e as any).follow(null));
    const person = this.people.find((p) => p.name === name);
    if (person) {
      this.goTo(person);
    }
  }

  private lastFile: string | null = null;

  /** Opens the followed person's file (through the IDE) and keeps their cursor in view. */
  private goTo(person: Person) {
    if (!person.file) {
      return;
    }
    if (person.file !== this.lastFile) {
      this.lastFile = person.file;
      this.dispatchEvent(new CustomEvent('tandem-follow-file', { detail: { path: person.file, name: person.name } }));
    }
    const path = person.file;
    const started = Date.now();
    const attach = () => {
      if (this.followed !== person.name || this.lastFile !== path) {
        return;
      }
      const editor = document.querySelector(`tandem-editor[data-path="${CSS.escape(path)}"]`) as any;
      if (editor && typeof editor.follow === 'function') {
        editor.follow(person.name);
      } else if (Date.now() - started < 5000) {
        window.setTimeout(attach, 100);
      }
    };
    attach();
  }

  private toggleLead() {
    this.leading = !this.leading;
  }

  render() {
    return html`
      ${this.people.map(
        (p) => html`<button
          class="person ${this.followed === p.name ? 'followed' : ''} ${p.leading ? 'leader' : ''}"
          style="background:${p.color}"
          data-name=${p.name}
          title="${p.name}${p.file ? ' — ' + p.file : ''}${this.followed === p.name ? ' (following; click to stop)' : ' (click to follow)'}"
          @click=${() => this.setFollowed(this.followed === p.name ? null : p.name, true)}
        >${p.name.slice(0, 2).toUpperCase()}</button>`
      )}
      ${this.followed ? html`<span class="following">Following ${this.followed}</span>` : ''}
      ${this.canLead
        ? html`<button class="lead" @click=${() => this.toggleLead()}>${this.leading ? 'Stop leading' : 'Everyone follow me'}</button>`
        : ''}
    `;
  }
}

if (!customElements.get('tandem-presence')) {
  customElements.define('tandem-presence', TandemPresence);
}

import { LitElement, css, html, nothing, type TemplateResult } from 'lit';

/** LSP's `DocumentSymbol`, as far as the outline uses it. */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: { start: { line: number; character: number } };
  selectionRange: { start: { line: number; character: number } };
  children?: OutlineSymbol[];
}

/** LSP symbol kinds → a one-letter badge and a class for its colour. */
const KINDS: Record<number, [string, string]> = {
  5: ['C', 'type'],
  6: ['m', 'method'],
  8: ['f', 'field'],
  9: ['c', 'method'],
  10: ['E', 'type'],
  11: ['I', 'type'],
  22: ['e', 'field'],
  23: ['R', 'type'],
};

/**
 * `<tandem-outline>`: the symbol tree of one file (types, their fields, constructors, methods and
 * nested types), as the language service's `textDocument/documentSymbol` answers it. Clicking a
 * symbol fires `outline-select` with its 0-based `line` and `character`; the editor jumps there.
 */
export class TandemOutline extends LitElement {
  static properties = {
    symbols: { attribute: false },
    message: { type: String },
  };

  static styles = css`
    :host {
      display: block;
      overflow: auto;
      font: var(--lumo-font-size-s, 13px) / 1.5 var(--lumo-font-family, sans-serif);
      background: var(--lumo-base-color, #fff);
    }
    ul { list-style: none; margin: 0; padding: 0 0 0 12px; }
    :host > ul { padding: 4px 0; }
    button {
      display: flex; gap: 6px; align-items: baseline; width: 100%; border: none; background: none;
      font: inherit; text-align: left; padding: 1px 8px; cursor: pointer; white-space: nowrap;
      color: var(--lumo-body-text-color, #222);
    }
    button:hover { background: var(--lumo-contrast-5pct, #0001); }
    .badge { font: 600 10px/14px monospace; width: 14px; text-align: center; border-radius: 3px; color: #fff; flex: none; }
    .type { background: #6f42c1; }
    .method { background: #1676f3; }
    .field { background: #d39e00; }
    .detail { color: var(--lumo-secondary-text-color, #666); overflow: hidden; text-overflow: ellipsis; }
    .message { padding: 8px; color: var(--lumo-secondary-text-color, #666); }
  `;

  declare symbols: OutlineSymbol[] | null;
  declare message: string;

  constructor() {
    super();
    this.symbols = null;
    this.message = '';
  }

  render() {
    if (!this.symbols?.length) {
      return html`<div class="message">${this.message || (this.symbols ? 'No symbols' : 'Loading…')}</div>`;
    }
    return html`<ul role="tree">${this.symbols.map((s) => this.item(s))}</ul>`;
  }

  private item(symbol: OutlineSymbol): TemplateResult {
    const [badge, kind] = KINDS[symbol.kind] ?? ['·', 'field'];
    return html`<li role="treeitem">
      <button type="button" data-name=${symbol.name} title=${symbol.name + (symbol.detail ? ' ' + symbol.detail : '')}
        @click=${() => this.select(symbol)}>
        <span class="badge ${kind}">${badge}</span><span class="name">${symbol.name}</span>${symbol.detail
          ? html`<span class="detail">${symbol.detail}</span>`
          : nothing}
      </button>
      ${symbol.children?.length ? html`<ul role="group">${symbol.children.map((c) => this.item(c))}</ul>` : nothing}
    </li>`;
  }

  private select(symbol: OutlineSymbol) {
    const at = symbol.selectionRange.start;
    this.dispatchEvent(new CustomEvent('outline-select', { detail: { line: at.line, character: at.character } }));
  }
}

if (!customElements.get('tandem-outline')) {
  customElements.define('tandem-outline', TandemOutline);
}

// Checks every page in public/: the basics of a valid HTML page, and that every local link,
// stylesheet, script and #fragment points at something that exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../scripts/serve.js';

const pages = readdirSync(ROOT, { recursive: true })
  .filter((file) => file.endsWith('.html'))
  .sort();

const idsOf = (html) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
const referencesOf = (html) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
const isExternal = (ref) => /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');

it('has pages', () => {
  assert.ok(pages.includes('index.html'), 'public/index.html is missing');
});

for (const page of pages) {
  describe(page, () => {
    const html = readFileSync(path.join(ROOT, page), 'utf8');

    it('is a complete HTML page', () => {
      assert.match(html, /^<!doctype html>/i, 'starts with <!doctype html>');
      assert.match(html, /<html lang="[a-z-]+"/i, 'declares its language');
      assert.match(html, /<meta charset="utf-8">/i, 'declares its encoding');
      assert.match(html, /<title>[^<]+<\/title>/, 'has a non-empty title');
    });

    it('has unique ids', () => {
      const ids = idsOf(html);
      assert.deepEqual(ids, [...new Set(ids)]);
    });

    it('links only to files and anchors that exist', () => {
      for (const ref of referencesOf(html).filter((r) => !isExternal(r))) {
        const [target, fragment] = ref.split('#');
        const file = target === '' ? path.join(ROOT, page) : path.join(ROOT, path.dirname(page), target);
        assert.ok(file.startsWith(ROOT + path.sep), `${ref} leaves the site`);
        assert.ok(existsSync(file), `${ref} points at a missing file`);
        if (fragment) {
          assert.ok(idsOf(readFileSync(file, 'utf8')).includes(fragment), `${ref}: no element with id "${fragment}"`);
        }
      }
    });
  });
}

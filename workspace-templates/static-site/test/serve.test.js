import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createSiteServer } from '../scripts/serve.js';

describe('preview server', () => {
  let server;
  let port;

  before(async () => {
    server = createSiteServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = server.address().port;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  // A raw request, because fetch would normalise the ../ segments away before sending them.
  const get = (rawPath) => new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    }).on('error', reject).end();
  });

  it('serves index.html for /', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.type, /text\/html/);
    assert.match(res.body, /<title>/);
  });

  it('serves stylesheets with their type', async () => {
    const res = await get('/css/style.css');
    assert.equal(res.status, 200);
    assert.match(res.type, /text\/css/);
  });

  it('answers 404 for a missing file', async () => {
    assert.equal((await get('/missing.html')).status, 404);
  });

  it('never serves files outside public/', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/css/../../scripts/serve.js']) {
      const res = await get(path);
      assert.notEqual(res.status, 200, path);
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp, MAX_NAME_LENGTH } from '../src/app.js';

describe('demo app', () => {
  let server;
  let base;

  before(async () => {
    server = createApp().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  it('greets the world by default', async () => {
    const res = await fetch(`${base}/api/greeting`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await res.json(), { message: 'Hello, World!' });
  });

  it('greets the given name', async () => {
    const res = await fetch(`${base}/api/greeting?name=${encodeURIComponent(' Ada ')}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { message: 'Hello, Ada!' });
  });

  it('rejects a blank name', async () => {
    const res = await fetch(`${base}/api/greeting?name=%20%20`);
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /name must be/);
  });

  it('rejects an overlong name', async () => {
    const res = await fetch(`${base}/api/greeting?name=${'x'.repeat(MAX_NAME_LENGTH + 1)}`);
    assert.equal(res.status, 400);
  });

  it('rejects a repeated name parameter', async () => {
    const res = await fetch(`${base}/api/greeting?name=a&name=b`);
    assert.equal(res.status, 400);
  });

  it('serves the start page', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /\/api\/greeting/);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${base}/nope`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'not found' });
  });
});

// Real Yjs clients (yjs + y-websocket's WebsocketProvider over `ws`) against a running Tandem server,
// one scenario per run. Usage: node collab-client.mjs '<json config>'
// Config: { scenario, base: "ws://127.0.0.1:PORT/collab/WS", file, editorToken, viewerToken, diskPath? }
// Prints one line of JSON with what was observed; the Java test asserts on it. Scenarios that
// need the test to act in between (crash) talk over stdin/stdout lines.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import fs from 'node:fs'
import readline from 'node:readline'

const config = JSON.parse(process.argv[2])
const room = encodeURIComponent(config.file)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** A WebSocket class that sends a personal access token on the upgrade request, as programs do. */
const withToken = (token) => class extends WebSocket {
  constructor (url, protocols) {
    super(url, protocols, { headers: { Authorization: 'Bearer ' + token } })
  }
}

const clients = []
function client (token, opts = {}) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(config.base, room, doc, {
    WebSocketPolyfill: withToken(token), disableBc: true, maxBackoffTime: 500, ...opts
  })
  const c = { doc, provider, text: doc.getText('content'), closes: [] }
  provider.on('connection-close', (event) => { if (event) c.closes.push({ code: event.code, reason: event.reason }) })
  clients.push(c)
  return c
}

async function until (what, check, timeout = 10000) {
  const end = Date.now() + timeout
  while (Date.now() < end) {
    if (check()) return
    await sleep(10)
  }
  throw new Error('timed out waiting for ' + what)
}

const synced = (c) => until('sync', () => c.provider.synced)

function rawSocket (token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(config.base + '/' + room, { headers: { Authorization: 'Bearer ' + token } })
    ws.binaryType = 'arraybuffer'
    const result = { ws, messages: [], close: null }
    ws.on('message', (data) => result.messages.push(new Uint8Array(data)))
    ws.on('close', (code, reason) => { result.close = { code, reason: reason.toString() } })
    ws.on('open', () => resolve(result))
    ws.on('error', reject)
  })
}

const scenarios = {
  /** Two clients type at the same place at the same time; then a late joiner connects. */
  async converge () {
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const initial = a.text.toString()
    const n = 60
    for (let i = 0; i < n; i++) {
      a.text.insert(0, 'a')
      b.text.insert(0, 'b')
      if (i % 10 === 0) await sleep(5)
    }
    const expectedLength = initial.length + 2 * n
    await until('convergence', () => a.text.length === expectedLength && b.text.length === expectedLength &&
      a.text.toString() === b.text.toString())
    const late = client(config.editorToken)
    await synced(late)
    await until('late joiner', () => late.text.toString() === a.text.toString())
    return { initial, a: a.text.toString(), b: b.text.toString(), late: late.text.toString() }
  },

  /** A viewer inserts text: nothing of it may reach the document or the others. */
  async viewer () {
    const editor = client(config.editorToken)
    const viewer = client(config.viewerToken)
    await Promise.all([synced(editor), synced(viewer)])
    viewer.text.insert(0, 'VIEWER-WAS-HERE')
    editor.text.insert(editor.text.length, '+editor')
    await until('editor text at viewer', () => viewer.text.toString().endsWith('+editor'))
    await sleep(500)
    const late = client(config.editorToken)
    await synced(late)
    await sleep(200)
    return { editor: editor.text.toString(), viewer: viewer.text.toString(), late: late.text.toString() }
  },

  /** Garbage and an oversized message each close their own connection only. */
  async malformed () {
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const bad = await rawSocket(config.editorToken)
    bad.ws.send(new Uint8Array([0, 2, 9, 1, 2, 3]))
    const unknown = await rawSocket(config.editorToken)
    unknown.ws.send(new Uint8Array([42]))
    const big = await rawSocket(config.editorToken)
    big.ws.send(new Uint8Array(config.oversize))
    await until('bad closed', () => bad.close && unknown.close && big.close)
    a.text.insert(0, 'still alive ')
    await until('others unaffected', () => b.text.toString().startsWith('still alive '))
    return {
      bad: bad.close, unknown: unknown.close, big: big.close,
      a: a.text.toString(), b: b.text.toString(), aCloses: a.closes, bCloses: b.closes
    }
  },

  /** One client goes offline, both edit, it comes back: everything merges, nothing doubles. */
  async offline () {
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    b.provider.disconnect()
    await sleep(100)
    a.text.insert(0, '[online]')
    b.text.insert(b.text.length, '[offline]')
    await sleep(300)
    const aWhileOffline = a.text.toString()
    b.provider.connect()
    await synced(b)
    await until('merge', () => a.text.toString() === b.text.toString() && a.text.toString().includes('[offline]'))
    const late = client(config.editorToken)
    await synced(late)
    await until('late joiner', () => late.text.toString() === a.text.toString())
    return { aWhileOffline, a: a.text.toString(), b: b.text.toString(), late: late.text.toString() }
  },

  /** A change written to the file on disk appears in connected clients; their edits reach the disk. */
  async disk () {
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const before = fs.readFileSync(config.diskPath, 'utf8')
    await until('first text', () => a.text.toString() === before)
    const changed = before.replace('middle', 'MIDDLE (changed on disk)')
    const startDisk = Date.now()
    fs.writeFileSync(config.diskPath, changed)
    await until('disk change at both clients', () => a.text.toString() === changed && b.text.toString() === changed)
    const diskToClientsMs = Date.now() - startDisk
    a.text.insert(0, '// typed\n')
    const startType = Date.now()
    await until('typing on disk', () => fs.readFileSync(config.diskPath, 'utf8') === a.text.toString(), 5000)
    const clientToDiskMs = Date.now() - startType
    await until('typing at the other client', () => b.text.toString() === a.text.toString(), 3000)
    return { before, changed, a: a.text.toString(), b: b.text.toString(), disk: fs.readFileSync(config.diskPath, 'utf8'), diskToClientsMs, clientToDiskMs }
  },

  /**
   * The server edits the document (LiveDocuments): both clients see the edit, and a cursor kept as
   * a relative position stays before the same character. The test edits between READY and GO.
   */
  async serviceEdit () {
    const lines = readline.createInterface({ input: process.stdin })
    const next = () => new Promise((resolve) => lines.once('line', resolve))
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const before = a.text.toString()
    const at = before.indexOf(config.cursorBefore)
    const cursor = Y.createRelativePositionFromTypeIndex(a.text, at)
    console.log('READY')
    await next()
    await until('the server\'s edit at both clients', () => a.text.toString() === config.expected && b.text.toString() === config.expected)
    const index = Y.createAbsolutePositionFromRelativePosition(cursor, a.doc).index
    return { before, a: a.text.toString(), b: b.text.toString(), cursorAt: index, cursorText: a.text.toString().substring(index) }
  },

  /**
   * Someone changes the file on disk just after a client typed (before the bridge wrote it): the
   * disk's change and the typing are both kept (three-way merge), in the clients and on disk.
   */
  async diskMerge () {
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const before = fs.readFileSync(config.diskPath, 'utf8')
    await until('first text', () => a.text.toString() === before)
    await sleep(300)
    a.text.insert(0, config.typed)
    // The outside writer had read the file before the typing reached it.
    fs.writeFileSync(config.diskPath, before.replace(config.find, config.replace))
    await until('merged text at both clients', () => a.text.toString() === config.expected && b.text.toString() === config.expected, 5000)
    await until('merged text on disk', () => fs.readFileSync(config.diskPath, 'utf8') === config.expected, 5000)
    return { a: a.text.toString(), b: b.text.toString(), disk: fs.readFileSync(config.diskPath, 'utf8') }
  },

  /**
   * A client types without a pause (an edit every 50 ms for 4 s): the file on disk keeps up all
   * the while, not only once the typing stops. Reports the longest time any typed text waited to
   * appear on disk (sampled every 20 ms).
   */
  async diskWhileTyping () {
    const a = client(config.editorToken)
    await synced(a)
    const typedAt = []
    let worst = 0
    const sampler = setInterval(() => {
      const disk = fs.readFileSync(config.diskPath, 'utf8')
      const now = Date.now()
      // Typed text is appended, so what is on disk is a prefix of what was typed: the oldest typing
      // not on disk yet is the first edit past the disk's length.
      const pending = typedAt.find((t) => t.length > disk.length)
      if (pending) worst = Math.max(worst, now - pending.at)
    }, 20)
    const end = Date.now() + 4000
    while (Date.now() < end) {
      a.text.insert(a.text.length, 'x')
      typedAt.push({ length: a.text.length, at: Date.now() })
      await sleep(50)
    }
    await until('all typing on disk', () => fs.readFileSync(config.diskPath, 'utf8') === a.text.toString(), 5000)
    clearInterval(sampler)
    return { edits: typedAt.length, worstDiskLagMs: worst, a: a.text.toString(), disk: fs.readFileSync(config.diskPath, 'utf8') }
  },

  /**
   * A file with CRLF or mixed line breaks: the client sees LF only, and what it types at the end
   * reaches the disk with the file's commonest kind of line break.
   */
  async lineBreaks () {
    const a = client(config.editorToken)
    await synced(a)
    await sleep(200)
    const initial = a.text.toString()
    a.text.insert(a.text.length, config.typed)
    await until('typing on disk', () => fs.readFileSync(config.diskPath, 'utf8') === config.expectedDisk, 5000)
    return { initial, a: a.text.toString(), disk: fs.readFileSync(config.diskPath, 'utf8') }
  },

  /**
   * Another user moves, then deletes, the open file (the test does it between the lines): the
   * editor is told where it went (4410 moved:<path>), reopens it there with the same document,
   * then is told it was deleted (4404).
   */
  async moveAndDelete () {
    const lines = readline.createInterface({ input: process.stdin })
    const next = () => new Promise((resolve) => lines.once('line', resolve))
    const a = client(config.editorToken)
    await synced(a)
    a.text.insert(0, 'typed before the move\n')
    await sleep(300)
    console.log('READY')
    await next()
    await until('moved close', () => a.closes.some((c) => c.code === 4410))
    const moved = a.closes.find((c) => c.code === 4410)
    a.provider.destroy()
    const newPath = moved.reason.substring('moved:'.length)
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(config.base, encodeURIComponent(newPath), doc,
      { WebSocketPolyfill: withToken(config.editorToken), disableBc: true, maxBackoffTime: 500 })
    const reopened = { doc, provider, text: doc.getText('content'), closes: [] }
    provider.on('connection-close', (event) => { if (event) reopened.closes.push({ code: event.code, reason: event.reason }) })
    clients.push(reopened)
    await synced(reopened)
    await sleep(200)
    const textAtNewPath = reopened.text.toString()
    console.log('MOVED')
    await next()
    await until('deleted close', () => reopened.closes.some((c) => c.code === 4404))
    await sleep(1500)
    return { moved, textAtNewPath, deleted: reopened.closes.find((c) => c.code === 4404), reconnectedAfterDelete: provider.wsconnected }
  },

  /**
   * Survives kill -9: A types, B sees it; both go offline (so only the server's log can bring the
   * text back), the test kills and restarts the server; a fresh client must get the text; then A
   * and B come back with their documents and everything converges without doubling.
   */
  async crash () {
    const lines = readline.createInterface({ input: process.stdin })
    const next = () => new Promise((resolve) => lines.once('line', resolve))
    const a = client(config.editorToken)
    const b = client(config.editorToken)
    await Promise.all([synced(a), synced(b)])
    const typed = 'survives kill -9 '
    for (const ch of typed) {
      a.text.insert(a.text.length, ch)
      await sleep(2)
    }
    await until('B sees A', () => b.text.toString() === a.text.toString())
    const seen = b.text.toString()
    a.provider.disconnect()
    b.provider.disconnect()
    console.log('SEEN')
    await next()
    const fresh = client(config.editorToken)
    await synced(fresh)
    await sleep(200)
    const freshBeforeOthers = fresh.text.toString()
    a.provider.connect()
    b.provider.connect()
    await Promise.all([synced(a), synced(b)])
    a.text.insert(a.text.length, '+after')
    await until('all converge', () => fresh.text.toString() === a.text.toString() && b.text.toString() === a.text.toString())
    return { seen, freshBeforeOthers, a: a.text.toString(), b: b.text.toString(), fresh: fresh.text.toString() }
  }
}

try {
  const result = await scenarios[config.scenario]()
  console.log(JSON.stringify({ ok: true, ...result }))
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e), texts: clients.map((c) => c.text.toString()), closes: clients.map((c) => c.closes) }))
} finally {
  for (const c of clients) c.provider.destroy()
  setTimeout(() => process.exit(0), 100)
}

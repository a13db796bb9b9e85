// Real Yjs as a test oracle for the Java CRDT core. Reads one JSON command per line on stdin,
// answers one JSON line on stdout. Binary data is base64. Used by the differential tests.
import * as Y from 'yjs'
import readline from 'node:readline'

const docs = new Map()
const b64 = (u8) => Buffer.from(u8).toString('base64')
const unb64 = (s) => new Uint8Array(Buffer.from(s, 'base64'))

const plain = (v) => {
  if (v instanceof Y.AbstractType) return plain(v.toJSON())
  if (v instanceof Uint8Array) return { $binary: b64(v) }
  if (typeof v === 'bigint') return { $bigint: v.toString() }
  if (v === undefined) return { $undefined: true }
  if (v instanceof Y.Doc) return { $doc: v.guid }
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') {
    const out = {}
    for (const k of Object.keys(v).sort()) out[k] = plain(v[k])
    return out
  }
  return v
}

const view = (doc) => {
  const m = doc.getMap('m')
  const nt = m.get('nt')
  const na = m.get('na')
  return {
    t: doc.getText('t').length,
    ts: doc.getText('t').toString(),
    nts: nt instanceof Y.Text ? nt.toString() : '',
    a: doc.getArray('a').length,
    nt: nt instanceof Y.Text ? nt.length : -1,
    na: na instanceof Y.Array ? na.length : -1,
    amap: firstMapIndex(doc.getArray('a'))
  }
}

const firstMapIndex = (arr) => {
  const items = arr.toArray()
  for (let i = 0; i < items.length; i++) if (items[i] instanceof Y.Map) return i
  return -1
}

const value = (v) => {
  if (v !== null && typeof v === 'object' && v.$binary !== undefined) return unb64(v.$binary)
  if (v !== null && typeof v === 'object' && v.$ymap !== undefined) {
    const m = new Y.Map()
    for (const [k, x] of Object.entries(v.$ymap)) m.set(k, value(x))
    return m
  }
  if (v !== null && typeof v === 'object' && v.$ytext !== undefined) return new Y.Text(v.$ytext)
  if (v !== null && typeof v === 'object' && v.$yarray !== undefined) {
    const a = new Y.Array()
    a.push(v.$yarray.map(value))
    return a
  }
  return v
}

const applyOp = (doc, op) => {
  const t = doc.getText('t')
  const m = doc.getMap('m')
  const a = doc.getArray('a')
  switch (op.kind) {
    case 'textInsert': t.insert(op.index, op.text, op.attrs ?? undefined); break
    case 'textDelete': t.delete(op.index, op.len); break
    case 'textFormat': t.format(op.index, op.len, op.attrs); break
    case 'mapSet': m.set(op.key, value(op.value)); break
    case 'mapDelete': m.delete(op.key); break
    case 'arrayInsert': a.insert(op.index, op.values.map(value)); break
    case 'arrayDelete': a.delete(op.index, op.len); break
    case 'nestedTextInsert': m.get('nt').insert(op.index, op.text); break
    case 'nestedTextDelete': m.get('nt').delete(op.index, op.len); break
    case 'nestedArrayInsert': m.get('na').insert(op.index, op.values.map(value)); break
    case 'nestedArrayDelete': m.get('na').delete(op.index, op.len); break
    case 'arrayMapSet': a.get(op.at).set(op.key, value(op.value)); break
    default: throw new Error('unknown op ' + op.kind)
  }
}

const snapshot = (doc) => JSON.stringify({
  values: plain({ t: doc.getText('t'), m: doc.getMap('m'), a: doc.getArray('a') }),
  delta: plain(doc.getText('t').toDelta())
})

const handle = (cmd) => {
  switch (cmd.cmd) {
    case 'reset': docs.clear(); return {}
    case 'new': {
      const doc = new Y.Doc({ gc: cmd.gc !== false })
      doc.clientID = cmd.clientId
      const produced = []
      const events = []
      doc.on('update', (u, origin) => { if (origin !== 'remote') produced.push(b64(u)) })
      // the delta of every event on the text 't', read inside the observer as editors do
      doc.getText('t').observe((e) => { events.push(plain(e.delta)) })
      docs.set(cmd.id, { doc, produced, events })
      return { view: view(doc) }
    }
    case 'op': {
      const p = docs.get(cmd.id)
      applyOp(p.doc, cmd.op)
      return { updates: p.produced.splice(0), events: p.events.splice(0), view: view(p.doc) }
    }
    case 'apply': {
      const p = docs.get(cmd.id)
      Y.applyUpdate(p.doc, unb64(cmd.update), 'remote')
      return { updates: p.produced.splice(0), events: p.events.splice(0), view: view(p.doc) }
    }
    case 'state': {
      const p = docs.get(cmd.id)
      return { update: b64(Y.encodeStateAsUpdate(p.doc, cmd.sv ? unb64(cmd.sv) : undefined)) }
    }
    case 'undoManager': {
      const p = docs.get(cmd.id)
      p.um = new Y.UndoManager([p.doc.getText('t'), p.doc.getMap('m')], { captureTimeout: 0 })
      return {}
    }
    case 'undo':
    case 'redo': {
      const p = docs.get(cmd.id)
      const changed = cmd.cmd === 'undo' ? p.um.undo() : p.um.redo()
      return { changed: changed != null, updates: p.produced.splice(0), events: p.events.splice(0), view: view(p.doc) }
    }
    case 'sv': return { sv: b64(Y.encodeStateVector(docs.get(cmd.id).doc)) }
    case 'snapshot': return { snapshot: snapshot(docs.get(cmd.id).doc) }
    case 'load': {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, unb64(cmd.update))
      return { snapshot: snapshot(doc), state: b64(Y.encodeStateAsUpdate(doc)) }
    }
    case 'nested': {
      // a document whose root map holds maps nested `depth` levels deep (the innermost at depth `depth`)
      const doc = new Y.Doc()
      doc.clientID = cmd.clientId
      doc.transact(() => {
        let m = doc.getMap('root')
        for (let i = 0; i < cmd.depth; i++) {
          const c = new Y.Map()
          m.set('c', c)
          m = c
        }
        m.set('leaf', 'bottom')
      })
      return { update: b64(Y.encodeStateAsUpdate(doc)) }
    }
    case 'merge': return { update: b64(Y.mergeUpdates(cmd.updates.map(unb64))) }
    case 'diff': return { update: b64(Y.diffUpdate(unb64(cmd.update), unb64(cmd.sv))) }
    default: throw new Error('unknown command ' + cmd.cmd)
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  let out
  try {
    out = handle(JSON.parse(line))
  } catch (e) {
    out = { error: String(e && e.stack || e) }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
})

// Yjs side of the CRDT trace benchmark (run by dev.tandem.crdt.TraceBenchmark, which runs the
// Java side on the same inputs). Usage:
//   node --expose-gc trace-bench.mjs <trace.json.gz> <remote-update.bin> <runs>
// Prints one JSON line: median milliseconds per measure and the heap held by the final document.
import * as Y from 'yjs'
import fs from 'node:fs'
import zlib from 'node:zlib'

const [tracePath, remotePath, runsArg] = process.argv.slice(2)
const runs = Number(runsArg || 5)
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(tracePath)).toString('utf8'))
const remote = new Uint8Array(fs.readFileSync(remotePath))

const replay = () => {
  const doc = new Y.Doc()
  doc.clientID = 1
  const text = doc.getText('text')
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) text.delete(pos, del)
        if (ins.length > 0) text.insert(pos, ins)
      }
    })
  }
  return doc
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const time = (f) => { const t0 = process.hrtime.bigint(); const r = f(); return [Number(process.hrtime.bigint() - t0) / 1e6, r] }
const measure = (f) => {
  for (let i = 0; i < 2; i++) f() // warm-up
  const times = []
  for (let i = 0; i < runs; i++) times.push(time(f)[0])
  return median(times)
}

const finalDoc = replay()
if (finalDoc.getText('text').toString() !== trace.endContent) throw new Error('Yjs replay does not reach endContent')
const state = Y.encodeStateAsUpdate(finalDoc)
const load = (u) => { const d = new Y.Doc(); Y.applyUpdate(d, u); return d }
if (load(remote).getText('text').toString() !== trace.endContent) throw new Error('remote update does not reach endContent')

const result = {
  replay: measure(replay),
  encode: measure(() => Y.encodeStateAsUpdate(finalDoc)),
  load: measure(() => load(state)),
  remote: measure(() => load(remote)),
  stateBytes: state.length
}

const heapUsed = () => { for (let i = 0; i < 5; i++) global.gc(); return process.memoryUsage().heapUsed }
const before = heapUsed()
let kept = replay()
result.heap = heapUsed() - before
const beforeLoad = heapUsed()
kept = [kept, load(state)]
result.heapLoaded = heapUsed() - beforeLoad
console.log(JSON.stringify(result))

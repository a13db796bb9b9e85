// Collaboration benchmark: real Yjs clients against Tandem (y-websocket protocol) and against
// Hocuspocus 4.x (its own framing, driven by its own provider), at the same loads, in one run.
// Usage: node collab-bench.mjs '<json>' with { tandem: { base, token, workspace, files: [...], pid },
//        hocuspocusPort, seconds, loads: [[clients, rooms, editsPerSecond], ...], warmupSeconds?, warmupLoad? }
// Prints one JSON line per (server, load).
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import fs from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'

const config = JSON.parse(process.argv[2])
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function rssMb (pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
  } catch {
    return NaN
  }
}

/** Live heap of a JVM after a full collection (jcmd GC.run, then GC.heap_info), in MB. */
function liveHeapMb (pid) {
  spawnSync('jcmd', [String(pid), 'GC.run'])
  const out = spawnSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' }).stdout || ''
  const m = /used (\d+)K/.exec(out)
  return m ? Number(m[1]) / 1024 : NaN
}

function tandemClient (room) {
  const doc = new Y.Doc()
  const token = config.tandem.token
  const WS = class extends WebSocket {
    constructor (url, protocols) { super(url, protocols, { headers: { Authorization: 'Bearer ' + token } }) }
  }
  const provider = new WebsocketProvider(config.tandem.base, encodeURIComponent(config.tandem.files[room]), doc,
    { WebSocketPolyfill: WS, disableBc: true })
  return { doc, synced: () => provider.synced, destroy: () => provider.destroy() }
}

function hocuspocusClient (room) {
  const doc = new Y.Doc()
  const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${config.hocuspocusPort}`, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: 'room-' + room, document: doc })
  provider.attach()
  return { doc, synced: () => provider.isSynced, destroy: () => { provider.destroy(); socket.destroy() } }
}

function percentile (sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

async function runLoad (server, make, pid, [clientCount, roomCount, rate], seconds = config.seconds) {
  const java = server === 'tandem'
  const heapBefore = java ? liveHeapMb(pid) : NaN
  const rssBefore = rssMb(pid)
  const clients = []
  for (let i = 0; i < clientCount; i++) {
    const room = i % roomCount
    const c = make(room)
    c.room = room
    c.clock = 0
    c.text = c.doc.getText('content')
    clients.push(c)
    if (i % 10 === 9) await sleep(20)
  }
  const syncDeadline = Date.now() + 60000
  while (!clients.every((c) => c.synced()) && Date.now() < syncDeadline) await sleep(20)
  if (!clients.every((c) => c.synced())) throw new Error(`${server}: clients did not sync`)
  await sleep(500)

  // edits[clientID] = [{ end, t0 }] in order; each receiver walks it with its own index per sender.
  const edits = new Map()
  const latencies = []
  let delivered = 0
  let sentMeasured = 0
  let measuring = false
  for (const c of clients) {
    const seen = new Map()
    c.doc.on('update', (update, origin) => {
      if (origin === null || origin === undefined) return // own edit
      const now = performance.now()
      for (const struct of Y.decodeUpdate(update).structs) {
        const list = edits.get(struct.id.client)
        if (!list) continue
        let index = seen.get(struct.id.client) || 0
        const end = struct.id.clock + struct.length
        while (index < list.length && list[index].end <= end) {
          if (list[index].measured) {
            latencies.push(now - list[index].t0)
            delivered++
          }
          index++
        }
        seen.set(struct.id.client, index)
      }
    })
  }
  const rss = []
  const rssTimer = setInterval(() => rss.push(rssMb(pid)), 500)
  const interval = 1000 / rate
  const start = performance.now()
  const warmup = 2000
  const duration = seconds * 1000
  const timers = clients.map((c, i) => {
    const tick = () => {
      const now = performance.now()
      if (now - start > warmup + duration) return
      measuring = now - start > warmup
      const chunk = 'x' + (i % 10)
      const at = Math.floor(Math.random() * (c.text.length + 1))
      c.text.insert(at, chunk)
      c.clock += chunk.length
      let list = edits.get(c.doc.clientID)
      if (!list) edits.set(c.doc.clientID, (list = []))
      list.push({ end: c.clock, t0: now, measured: measuring })
      if (measuring) sentMeasured++
      c.timer = setTimeout(tick, interval)
    }
    return setTimeout(tick, Math.random() * interval)
  })
  await sleep(warmup + duration + 200)
  timers.forEach(clearTimeout)
  clients.forEach((c) => clearTimeout(c.timer))
  // Convergence: every room's clients reach the same state within 15 s.
  const convergeDeadline = Date.now() + 15000
  const roomsConverged = () => {
    let ok = 0
    for (let r = 0; r < roomCount; r++) {
      const inRoom = clients.filter((c) => c.room === r)
      const first = inRoom[0].text.toString()
      if (inRoom.every((c) => c.text.toString() === first)) ok++
    }
    return ok
  }
  while (roomsConverged() < roomCount && Date.now() < convergeDeadline) await sleep(100)
  clearInterval(rssTimer)
  // Heap that the open rooms and connected clients keep alive (after the load, so no pause is measured).
  const heapLoaded = java ? liveHeapMb(pid) : NaN
  const sorted = latencies.sort((a, b) => a - b)
  const result = {
    server, clients: clientCount, rooms: roomCount, rate,
    p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1],
    deliveredPerSecond: delivered / (duration / 1000),
    // Every edit made in the measured window, times the other clients of its room.
    expectedPerSecond: sentMeasured * (clientCount / roomCount - 1) / (duration / 1000),
    roomsConverged: roomsConverged(), rssMbBefore: rssBefore, rssMbMax: Math.max(...rss),
    rssMbGrowth: Math.max(...rss) - rssBefore,
    heapMbBefore: heapBefore, heapMbLoaded: heapLoaded,
    heapKbPerClient: (heapLoaded - heapBefore) * 1024 / clientCount
  }
  clients.forEach((c) => c.destroy())
  await sleep(1000)
  if (java) liveHeapMb(pid)
  await sleep(1000)
  result.rssMbAfter = rssMb(pid)
  return result
}

const hocuspocus = spawn(process.execPath, [new URL('./collab-bench-hocuspocus.mjs', import.meta.url).pathname, String(config.hocuspocusPort)],
  { stdio: ['ignore', 'pipe', 'inherit'] })
await new Promise((resolve) => hocuspocus.stdout.once('data', resolve))
try {
  const servers = [['tandem', tandemClient, config.tandem.pid], ['hocuspocus', hocuspocusClient, hocuspocus.pid]]
  // Both servers first run an unmeasured load, so that no measured load pays for JIT compilation
  // and first-use costs (the JVM needs longer than Node.js to warm up).
  const warmupSeconds = config.warmupSeconds ?? 10
  if (warmupSeconds > 0) {
    for (const [server, make, pid] of servers) {
      const w = await runLoad(server, make, pid, config.warmupLoad || [20, 4, 10], warmupSeconds)
      console.error(`warm-up ${server}: p99 ${w.p99.toFixed(1)} ms`)
    }
  }
  for (const load of config.loads) {
    for (const [server, make, pid] of servers) {
      console.log(JSON.stringify(await runLoad(server, make, pid, load)))
    }
  }
} finally {
  hocuspocus.kill('SIGKILL')
  setTimeout(() => process.exit(0), 200)
}

// Collaboration benchmark: real Yjs clients against Tandem (y-websocket protocol) and against
// Hocuspocus 4.x (its own framing, driven by its own provider), at the same loads, in one run.
// Usage: node collab-bench.mjs '<json>' with { tandem: { base, directBase?, api, token, workspace, pid, frontPid? },
//        hocuspocusPort, seconds, loads: [[clients, rooms, editsPerSecond], ...], warmupSeconds?, warmupLoad?,
//        workers?, servers?, rounds?, dump? }
// Servers: `tandem` (clients connect to the IDE server, which passes the sockets on to the document
// server: Tandem's single port), `tandem-direct` (with `directBase`: the same document server, reached at
// its direct listener, as behind a reverse proxy that routes /collab/ there) and `hocuspocus`.
// Prints one JSON line per (server, load, round); with more than one round, then one per (server, load)
// with the rounds pooled (`pooled`: their number); last, per Tandem server, a line of the goals' ratios
// (`p99Ratio`, `rssRatio`: that Tandem server / Hocuspocus). The rounds of a load alternate the servers' order.
//
// The clients run in `workers` worker threads (each its own event loop, so the driver can use more
// than one core); every room's clients live in one worker, so an edit's sender and its receivers
// read one clock. Every run (warm-up, load, round) edits new, empty documents on both servers:
// Hocuspocus (in memory) forgets a document when its last client leaves, while Tandem keeps every file,
// so reusing names would have Tandem carry all earlier runs' edits and Hocuspocus none. The driver
// reports its own CPU and event-loop delay: when a worker's loop is late, so is every latency it
// measures, and the numbers say more about the driver than the server.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { spawn, spawnSync } from 'node:child_process'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const isTandem = (server) => server.startsWith('tandem')

if (isMainThread) {
  await main(JSON.parse(process.argv[2]))
} else {
  await worker(workerData)
}

// ------------------------------------------------------------------ main thread: loads, servers, process figures

function rssMb (pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
  } catch {
    return NaN
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds (pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN
  }
}

/** Live heap of a JVM after a full collection (jcmd GC.run, then GC.heap_info), in MB. */
function liveHeapMb (pid) {
  spawnSync('jcmd', [String(pid), 'GC.run'])
  const out = spawnSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' }).stdout || ''
  // G1 prints one heap line, the serial collector one line per generation: the heap is their sum.
  const used = [...out.matchAll(/(?:heap|generation)\s+total \d+K, used (\d+)K/g)].map((m) => Number(m[1]))
  return used.length ? used.reduce((a, b) => a + b, 0) / 1024 : NaN
}

function percentile (sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

/** Several arrays of latencies as one, sorted. */
function sortedTogether (arrays) {
  const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of arrays) {
    all.set(a, at)
    at += a.length
  }
  return all.sort()
}

function loadAverage () {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number)
  } catch {
    return []
  }
}

/** Names of `count` new, empty documents: for Tandem, files it creates through its API. */
async function newRooms (config, server, count) {
  const run = randomUUID().slice(0, 8)
  const names = Array.from({ length: count }, (_, r) => `bench/${run}/room-${r}.txt`)
  if (isTandem(server)) {
    for (const name of names) {
      const response = await fetch(`${config.tandem.api}/workspaces/${config.tandem.workspace}/files/${name}`,
        { method: 'PUT', headers: { Authorization: 'Bearer ' + config.tandem.token }, body: '' })
      if (!response.ok) throw new Error(`creating ${name}: HTTP ${response.status}`)
    }
  }
  return names
}

/** Starts the load's workers; answers them once all their clients are synced. */
async function startWorkers (config, server, [clientCount, roomCount, rate], seconds, workerCount) {
  config = { ...config, server, roomNames: await newRooms(config, server, roomCount) }
  const count = Math.max(1, Math.min(workerCount, roomCount))
  const workers = []
  for (let w = 0; w < count; w++) {
    const rooms = []
    for (let r = w; r < roomCount; r += count) rooms.push(r)
    const clients = []
    for (let i = 0; i < clientCount; i++) if (rooms.includes(i % roomCount)) clients.push(i)
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { config, server, clients, roomCount, rate, seconds }
    })
    const messages = []
    const waiting = []
    worker.on('message', (m) => (waiting.length ? waiting.shift()(m) : messages.push(m)))
    worker.on('error', (e) => { console.error(`worker ${w}:`, e); process.exit(1) })
    const next = () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((resolve) => waiting.push(resolve)))
    workers.push({ worker, next })
  }
  for (const w of workers) {
    const m = await w.next()
    if (m.error) throw new Error(`${server}: ${m.error}`)
  }
  return workers
}

// `pid` is the process that holds the documents (Tandem's document server); `frontPid`, if any, one that
// only passes the sockets on (Tandem's IDE server, whose proxy carries them): its CPU and RSS are reported apart.
async function runLoad (config, server, pid, load, seconds, workerCount, frontPid) {
  const [clientCount, roomCount] = load
  const java = isTandem(server)
  const heapBefore = java ? liveHeapMb(pid) : NaN
  const rssBefore = rssMb(pid)
  const workers = await startWorkers(config, server, load, seconds, workerCount)
  await sleep(500)
  const rss = []
  const frontRss = []
  const rssTimer = setInterval(() => {
    rss.push(rssMb(pid))
    if (frontPid) frontRss.push(rssMb(frontPid))
  }, 500)
  const warmup = 2000
  const loadBefore = loadAverage()
  // Each worker starts its clients' edits on this message; server and driver CPU cover the measured window.
  workers.forEach((w) => w.worker.postMessage({ start: true }))
  await sleep(warmup)
  const serverCpu0 = cpuSeconds(pid)
  const frontCpu0 = frontPid ? cpuSeconds(frontPid) : NaN
  const driverCpu0 = cpuSeconds(process.pid)
  const wall0 = performance.now()
  await sleep(seconds * 1000)
  const serverCpu = (cpuSeconds(pid) - serverCpu0) / ((performance.now() - wall0) / 1000)
  const frontCpu = frontPid ? (cpuSeconds(frontPid) - frontCpu0) / ((performance.now() - wall0) / 1000) : NaN
  const driverCpu = (cpuSeconds(process.pid) - driverCpu0) / ((performance.now() - wall0) / 1000)
  const results = []
  for (const w of workers) results.push(await w.next())
  clearInterval(rssTimer)
  const loadAfter = loadAverage()
  const heapLoaded = java ? liveHeapMb(pid) : NaN
  if (config.dump) dumpDeliveries(config.dump, server, clientCount, results)
  const latencies = sortedTogether(results.map((r) => r.latencies))
  const sum = (key) => results.reduce((n, r) => n + r[key], 0)
  const duration = seconds
  const result = {
    server, clients: clientCount, rooms: roomCount, rate: load[2],
    p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999), max: latencies[latencies.length - 1],
    deliveredPerSecond: sum('delivered') / duration,
    // Every edit made in the measured window, times the other clients of its room.
    expectedPerSecond: sum('sentMeasured') * (clientCount / roomCount - 1) / duration,
    roomsConverged: sum('roomsConverged'), rssMbBefore: rssBefore, rssMbMax: Math.max(...rss),
    rssMbGrowth: Math.max(...rss) - rssBefore,
    heapMbBefore: heapBefore, heapMbLoaded: heapLoaded,
    heapKbPerClient: (heapLoaded - heapBefore) * 1024 / clientCount,
    // CPU in cores over the measured window; the driver's event-loop delay (worst worker) in ms.
    serverCpu, driverCpu, workers: workers.length,
    frontCpu, frontRssMbMax: frontPid ? Math.max(...frontRss) : NaN,
    driverLoopDelayP99: Math.max(...results.map((r) => r.loopDelayP99)),
    driverLoopDelayMax: Math.max(...results.map((r) => r.loopDelayMax)),
    loadAverage: [loadBefore[0], loadAfter[0]]
  }
  workers.forEach((w) => w.worker.postMessage({ stop: true }))
  await Promise.all(workers.map((w) => new Promise((resolve) => w.worker.once('exit', resolve))))
  await sleep(1000)
  if (java) liveHeapMb(pid)
  await sleep(1000)
  result.rssMbAfter = rssMb(pid)
  return { result, latencies }
}

/**
 * Appends every delivery of a round to `<prefix>-<server>-<clients>.txt`, one line each: when the edit
 * was made (ms since the epoch) and its latency (ms). Set against a server's own log of its pauses
 * (e.g. the JVM's `-Xlog:safepoint` with `timemillis`), it tells which slow deliveries a pause explains.
 */
function dumpDeliveries (prefix, server, clientCount, results) {
  const rows = []
  for (const r of results) {
    for (let i = 0; i < r.latencies.length; i++) rows.push(`${r.sentAt[i].toFixed(3)} ${r.latencies[i].toFixed(3)}\n`)
  }
  fs.appendFileSync(`${prefix}-${server}-${clientCount}.txt`, rows.join(''))
}

/**
 * One server's rounds of one load, pooled: the percentiles of every edit measured in any round
 * (one round's p99 rests on its worst 1%, a few hundred edits, and moves by a third from one
 * round to the next on this machine), the largest RSS, and the other figures averaged.
 */
function pooled (rounds) {
  const latencies = sortedTogether(rounds.map((r) => r.latencies))
  const results = rounds.map((r) => r.result)
  const first = results[0]
  const mean = (key) => results.reduce((n, r) => n + r[key], 0) / results.length
  return {
    server: first.server, clients: first.clients, rooms: first.rooms, rate: first.rate, pooled: results.length,
    p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999), max: latencies[latencies.length - 1],
    p99Rounds: results.map((r) => r.p99),
    deliveredPerSecond: mean('deliveredPerSecond'), expectedPerSecond: mean('expectedPerSecond'),
    roomsConverged: Math.min(...results.map((r) => r.roomsConverged)),
    rssMbMax: Math.max(...results.map((r) => r.rssMbMax)),
    serverCpu: mean('serverCpu'), frontCpu: mean('frontCpu'), driverCpu: mean('driverCpu'),
    driverLoopDelayP99: Math.max(...results.map((r) => r.driverLoopDelayP99))
  }
}

async function main (config) {
  const workerCount = config.workers ?? 2
  const hocuspocus = spawn(process.execPath, [new URL('./collab-bench-hocuspocus.mjs', import.meta.url).pathname, String(config.hocuspocusPort)],
    { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((resolve) => hocuspocus.stdout.once('data', resolve))
  try {
    const all = [['tandem', config.tandem.pid, config.tandem.frontPid], ['hocuspocus', hocuspocus.pid]]
    if (config.tandem.directBase) all.splice(1, 0, ['tandem-direct', config.tandem.pid])
    const servers = all.filter(([name]) => !config.servers || config.servers.includes(name))
    // Both servers first run an unmeasured load, so that no measured load pays for JIT compilation
    // and first-use costs (the JVM needs longer than Node.js to warm up).
    const warmupSeconds = config.warmupSeconds ?? 10
    if (warmupSeconds > 0) {
      for (const [server, pid, frontPid] of servers) {
        const { result } = await runLoad(config, server, pid, config.warmupLoad || [20, 4, 10], warmupSeconds, workerCount, frontPid)
        console.error(`warm-up ${server}: p99 ${result.p99.toFixed(1)} ms`)
      }
    }
    const rounds = config.rounds ?? 1
    for (const load of config.loads) {
      const done = new Map(servers.map(([server]) => [server, []]))
      for (let round = 1; round <= rounds; round++) {
        // Every other round the other server goes first: neither always follows the other's load.
        const order = round % 2 === 1 ? servers : [...servers].reverse()
        for (const [server, pid, frontPid] of order) {
          const run = await runLoad(config, server, pid, load, config.seconds, workerCount, frontPid)
          console.log(JSON.stringify({ ...run.result, round }))
          done.get(server).push(run)
        }
      }
      const summaries = new Map(servers.map(([server]) => [server, rounds > 1 ? pooled(done.get(server)) : done.get(server)[0].result]))
      if (rounds > 1) summaries.forEach((summary) => console.log(JSON.stringify(summary)))
      const h = summaries.get('hocuspocus')
      for (const [server, t] of summaries) {
        // The goals as ratios, Tandem over Hocuspocus: at most 1 is met.
        if (h && isTandem(server)) {
          console.log(JSON.stringify({ server, clients: t.clients, rooms: t.rooms, rate: t.rate, p99Ratio: t.p99 / h.p99, rssRatio: t.rssMbMax / h.rssMbMax }))
        }
      }
    }
  } finally {
    hocuspocus.kill('SIGKILL')
    setTimeout(() => process.exit(0), 200)
  }
}

// ------------------------------------------------------------------ worker thread: the clients of some rooms

function tandemClient (config, room) {
  const doc = new Y.Doc()
  const token = config.tandem.token
  const WS = class extends WebSocket {
    constructor (url, protocols) { super(url, protocols, { headers: { Authorization: 'Bearer ' + token } }) }
  }
  const base = config.server === 'tandem-direct' ? config.tandem.directBase : config.tandem.base
  const provider = new WebsocketProvider(base, encodeURIComponent(config.roomNames[room]), doc,
    { WebSocketPolyfill: WS, disableBc: true })
  return { doc, synced: () => provider.synced, destroy: () => provider.destroy() }
}

function hocuspocusClient (config, room) {
  const doc = new Y.Doc()
  const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${config.hocuspocusPort}`, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: config.roomNames[room], document: doc })
  provider.attach()
  return { doc, synced: () => provider.isSynced, destroy: () => { provider.destroy(); socket.destroy() } }
}

async function worker ({ config, server, clients: indexes, roomCount, rate, seconds }) {
  const make = isTandem(server) ? tandemClient : hocuspocusClient
  const commands = []
  const waiting = []
  parentPort.on('message', (m) => (waiting.length ? waiting.shift()(m) : commands.push(m)))
  const command = () => (commands.length ? Promise.resolve(commands.shift()) : new Promise((resolve) => waiting.push(resolve)))

  const clients = []
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k]
    const c = make(config, i % roomCount)
    c.index = i
    c.room = i % roomCount
    c.clock = 0
    c.text = c.doc.getText('content')
    clients.push(c)
    if (k % 10 === 9) await sleep(20)
  }
  const syncDeadline = Date.now() + 60000
  while (!clients.every((c) => c.synced()) && Date.now() < syncDeadline) await sleep(20)
  if (!clients.every((c) => c.synced())) {
    parentPort.postMessage({ error: 'clients did not sync' })
    return
  }
  parentPort.postMessage({ ready: true })
  await command()

  // edits[clientID] = [{ end, t0 }] in order; each receiver walks it with its own index per sender.
  const edits = new Map()
  const latencies = []
  // Send times only when the deliveries are dumped: nothing extra on the measured path otherwise.
  const sentAt = config.dump ? [] : null
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
            sentAt?.push(performance.timeOrigin + list[index].t0)
            delivered++
          }
          index++
        }
        seen.set(struct.id.client, index)
      }
    })
  }
  const interval = 1000 / rate
  const start = performance.now()
  const warmup = 2000
  const duration = seconds * 1000
  // The histogram records the interval between ticks of a `resolution` ms timer: the delay is what exceeds it.
  const resolution = 5
  const loopDelay = monitorEventLoopDelay({ resolution })
  const timers = clients.map((c) => {
    const tick = () => {
      const now = performance.now()
      if (now - start > warmup + duration) return
      if (!measuring && now - start > warmup) {
        measuring = true
        loopDelay.enable()
      }
      const chunk = 'x' + (c.index % 10)
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
  loopDelay.disable()
  timers.forEach(clearTimeout)
  clients.forEach((c) => clearTimeout(c.timer))
  // Convergence: every room's clients reach the same state within 15 s.
  const rooms = [...new Set(clients.map((c) => c.room))]
  const convergeDeadline = Date.now() + 15000
  const roomsConverged = () => {
    let ok = 0
    for (const r of rooms) {
      const inRoom = clients.filter((c) => c.room === r)
      const first = inRoom[0].text.toString()
      if (inRoom.every((c) => c.text.toString() === first)) ok++
    }
    return ok
  }
  while (roomsConverged() < rooms.length && Date.now() < convergeDeadline) await sleep(100)
  parentPort.postMessage({
    latencies: Float64Array.from(latencies), sentAt: sentAt && Float64Array.from(sentAt), delivered, sentMeasured, roomsConverged: roomsConverged(),
    loopDelayP99: Math.max(0, loopDelay.percentile(99) / 1e6 - resolution),
    loopDelayMax: Math.max(0, loopDelay.max / 1e6 - resolution)
  })
  await command()
  clients.forEach((c) => c.destroy())
  await sleep(300)
  process.exit(0)
}

// Hocuspocus 4 (in memory, no extensions) on the given port, for the collaboration benchmark.
import { Server } from '@hocuspocus/server'

const port = Number(process.argv[2])
const server = new Server({ port, address: '127.0.0.1', quiet: true })
await server.listen()
console.log('LISTENING')

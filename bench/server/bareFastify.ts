/**
 * The reference point of the production rows: a bare Fastify app (no plugins, no hooks, logs off) with the
 * server's `GET /livez` (same handler, same response schema), on `PORT`. Run by runProductionRows.ts.
 */
import Fastify from 'fastify'
import { livenessSchema } from '../../server/schemas/health'

const app = Fastify()
app.get('/livez', { schema: livenessSchema }, async () => ({ status: 'ok' as const }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? '0') })
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))

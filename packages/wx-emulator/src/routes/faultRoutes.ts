import type { FastifyInstance } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { DevInputError, parseDevBody } from './devInput'
import { FaultBody } from './devSchemas'

/**
 * `/__emulator/faults`: POST queues a fault, GET lists the pending ones, DELETE clears them all. Registered inside
 * the dev context, so it shares its `{ error, message }` error handler.
 */
export async function faultRoutes(scope: FastifyInstance, options: { emulator: WxEmulator }): Promise<void> {
  const { emulator } = options

  scope.post('/__emulator/faults', async (request, reply) => {
    const body = parseDevBody(FaultBody, request.body)
    const hang = body.hang === true
    if (body.errcode === 0) {
      throw new DevInputError(400, 'invalid_request', 'body.errcode: 0 means success; inject a non-zero errcode')
    }
    if (hang && body.errcode !== undefined) {
      throw new DevInputError(400, 'invalid_request', 'body: a fault cannot both hang and answer an errcode')
    }
    if (!hang && body.errcode === undefined && body.delayMs === undefined) {
      throw new DevInputError(400, 'invalid_request', 'body: give at least one of errcode, delayMs or hang: true')
    }
    if (body.errmsg !== undefined && body.errcode === undefined) {
      throw new DevInputError(400, 'invalid_request', 'body.errmsg: only meaningful with errcode')
    }
    return reply.code(201).send({ fault: emulator.faults.add(body) })
  })

  scope.get('/__emulator/faults', async () => ({ faults: emulator.faults.list() }))

  scope.delete('/__emulator/faults', async (_request, reply) => {
    emulator.faults.clear()
    return reply.code(204).send()
  })
}

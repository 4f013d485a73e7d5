import type { FastifyReply } from 'fastify'
import type { WxApiName } from '../emulatorStats'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import { clientGoneSignal, dropConnection } from './wxRequest'

/** A WeChat reply body: a success shape, or `{ errcode, errmsg }`. */
export type WxBody = { errcode?: number } & Record<string, unknown>

/**
 * Runs one WeChat API call: counts it, applies the oldest pending fault for that API (delay, hang or errcode,
 * all answered with HTTP 200 like WeChat), otherwise answers what `work` computes and counts the outcome.
 */
export async function answerWx(
  emulator: WxEmulator,
  api: WxApiName,
  reply: FastifyReply,
  work: () => WxBody,
): Promise<void> {
  const counters = emulator.stats[api]
  counters.calls += 1
  const fault = emulator.faults.take(api)
  if (fault !== undefined) {
    counters.faulted += 1
    const waitMs = fault.hang ? Number.POSITIVE_INFINITY : (fault.delayMs ?? 0)
    if (waitMs > 0) {
      const outcome = await emulator.stalls.stall(waitMs, clientGoneSignal(reply))
      if (outcome === 'aborted') {
        dropConnection(reply)
        return
      }
    }
    if (fault.errcode !== undefined) {
      counters.errors += 1
      reply.send(wxErrorBody(fault.errcode, emulator.rid(), fault.errmsg))
      return
    }
  }
  const body = work()
  if (body.errcode !== undefined && body.errcode !== 0) counters.errors += 1
  else counters.ok += 1
  reply.send(body)
}

import { afterEach, describe, expect, it, vi } from 'vitest'
import { showConfirm } from '@/src/app/confirm'

type ModalOptions = {
  title: string
  content: string
  confirmText?: string
  cancelText?: string
  success?: (res: { confirm: boolean; cancel: boolean }) => void
  fail?: (err: { errMsg: string }) => void
}

/** A `uni` whose showModal records its options and lets the test answer. */
function stubModal(answer: (options: ModalOptions) => void): ModalOptions[] {
  const opened: ModalOptions[] = []
  vi.stubGlobal('uni', {
    showModal: (options: ModalOptions) => {
      opened.push(options)
      answer(options)
    },
  })
  return opened
}

describe('showConfirm', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('names both buttons in Chinese, whatever the browser locale', async () => {
    const opened = stubModal((o) => o.success?.({ confirm: false, cancel: true }))
    await showConfirm('退出登录', '确定要退出吗？')
    expect([opened[0]?.confirmText, opened[0]?.cancelText]).toEqual(['退出', '取消'])
  })

  it('asks in a WeChat modal and resolves true on the confirming button', async () => {
    const opened = stubModal((o) => o.success?.({ confirm: true, cancel: false }))

    await expect(showConfirm('退出登录', '确定退出吗？')).resolves.toBe(true)

    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatchObject({ title: '退出登录', content: '确定退出吗？', confirmText: '退出' })
  })

  it('resolves false on 取消', async () => {
    stubModal((o) => o.success?.({ confirm: false, cancel: true }))
    await expect(showConfirm('退出登录', '确定退出吗？')).resolves.toBe(false)
  })

  it('resolves false when the modal cannot open, so nothing is done unasked', async () => {
    stubModal((o) => o.fail?.({ errMsg: 'showModal:fail' }))
    await expect(showConfirm('退出登录', '确定退出吗？')).resolves.toBe(false)
  })

  it('waits for the answer: nothing resolves while the modal is open', async () => {
    let answerLater: ((confirm: boolean) => void) | undefined
    stubModal((o) => {
      answerLater = (confirm) => o.success?.({ confirm, cancel: !confirm })
    })
    let settled = false
    const pending = showConfirm('退出登录', '确定退出吗？').then((v) => {
      settled = true
      return v
    })
    await Promise.resolve()
    expect(settled).toBe(false)

    answerLater?.(true)
    await expect(pending).resolves.toBe(true)
  })

  it('goes on as confirmed where there is no uni at all (unit tests of pages without a stub)', async () => {
    vi.stubGlobal('uni', undefined)
    await expect(showConfirm('退出登录', '确定退出吗？')).resolves.toBe(true)
  })
})

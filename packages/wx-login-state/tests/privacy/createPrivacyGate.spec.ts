import { describe, expect, it } from 'vitest'
import { createPrivacyGate, type PrivacyGateState } from '../../src/privacy/createPrivacyGate'
import { createFakePrivacy } from '../../src/testing/fakePrivacy'

describe('createPrivacyGate', () => {
  it('holds the privacy request as pending until the user agrees', async () => {
    const privacy = createFakePrivacy({ needAuthorization: true })
    const gate = createPrivacyGate(privacy)
    gate.install()

    const answer = privacy.trigger('pages/profile/profile')
    expect(gate.state).toEqual({ status: 'pending', referrer: 'pages/profile/profile' })
    gate.agree('agree-btn')

    expect(await answer).toBe('agree')
    expect(gate.state.status).toBe('none')
    expect(privacy.needAuthorization).toBe(false)
  })

  it('answers every queued request at once, so no privacy call is left hanging', async () => {
    const privacy = createFakePrivacy({ needAuthorization: true })
    const gate = createPrivacyGate(privacy)
    gate.install()

    const answers = [privacy.trigger(), privacy.trigger(), privacy.trigger()]
    gate.disagree()

    expect(await Promise.all(answers)).toEqual(['disagree', 'disagree', 'disagree'])
    expect(gate.state.status).toBe('none')
  })

  it('registers its handler once however often it is installed', async () => {
    const privacy = createFakePrivacy({ needAuthorization: true })
    const gate = createPrivacyGate(privacy)
    const seen: PrivacyGateState[] = []
    gate.subscribe((state) => seen.push(state))
    gate.install()
    gate.install()

    const answer = privacy.trigger()
    gate.agree('agree-btn')
    await answer

    expect(seen.map((s) => s.status)).toEqual(['pending', 'none'])
  })

  it('without install WeChat denies the call, which is why App.vue installs it at launch', async () => {
    const privacy = createFakePrivacy({ needAuthorization: true })
    createPrivacyGate(privacy)

    expect(await privacy.trigger()).toBe('disagree')
  })

  it('stays quiet where the privacy API does not exist', async () => {
    const privacy = createFakePrivacy({ supported: false, needAuthorization: true })
    const gate = createPrivacyGate(privacy)
    gate.install()

    expect(gate.supported).toBe(false)
    expect(await gate.contractName()).toBe('')
    await gate.openContract()
    expect(privacy.contractOpened).toBe(0)
    gate.agree('agree-btn')
    expect(gate.state.status).toBe('none')
  })

  it('opens the privacy guide and reads its name', async () => {
    const privacy = createFakePrivacy()
    const gate = createPrivacyGate(privacy)

    await gate.openContract()

    expect(privacy.contractOpened).toBe(1)
    expect(await gate.contractName()).toBe('《示例小程序隐私保护指引》')
  })

  it('stops notifying a listener that unsubscribed', async () => {
    const privacy = createFakePrivacy({ needAuthorization: true })
    const gate = createPrivacyGate(privacy)
    const seen: string[] = []
    const off = gate.subscribe((state) => seen.push(state.status))
    gate.install()
    off()

    const answer = privacy.trigger()
    gate.agree('agree-btn')
    await answer

    expect(seen).toEqual([])
  })
})

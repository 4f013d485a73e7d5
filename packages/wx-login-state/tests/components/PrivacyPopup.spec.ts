import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import PrivacyPopup from '../../components/PrivacyPopup.vue'
import { createPrivacyGate } from '../../src/privacy/createPrivacyGate'
import { createFakePrivacy } from '../../src/testing/fakePrivacy'

function setup() {
  const privacy = createFakePrivacy({ needAuthorization: true })
  const gate = createPrivacyGate(privacy)
  gate.install()
  const wrapper = mount(PrivacyPopup, { props: { gate } })
  return { privacy, gate, wrapper }
}

describe('components/PrivacyPopup.vue', () => {
  it('stays hidden until WeChat asks for privacy consent', async () => {
    const { privacy, wrapper } = setup()
    expect(wrapper.find('.privacy-mask').exists()).toBe(false)

    void privacy.trigger('pages/profile/profile')
    await flushPromises()

    expect(wrapper.find('.privacy-mask').exists()).toBe(true)
    expect(wrapper.find('#privacy-contract-link').text()).toBe('查看《示例小程序隐私保护指引》')
  })

  it('agrees through the open-type button with its own id and hides again', async () => {
    const { privacy, wrapper } = setup()
    const answer = privacy.trigger()
    await flushPromises()

    const agree = wrapper.find('#agree-btn')
    expect(agree.attributes('open-type')).toBe('agreePrivacyAuthorization')
    await agree.trigger('agreeprivacyauthorization')

    expect(await answer).toBe('agree')
    expect(wrapper.find('.privacy-mask').exists()).toBe(false)
  })

  it('passes a refusal on to the waiting privacy call', async () => {
    const { privacy, wrapper } = setup()
    const answer = privacy.trigger()
    await flushPromises()

    await wrapper.find('#disagree-btn').trigger('click')

    expect(await answer).toBe('disagree')
  })

  it('opens the privacy guide', async () => {
    const { privacy, wrapper } = setup()
    void privacy.trigger()
    await flushPromises()

    await wrapper.find('#privacy-contract-link').trigger('click')

    expect(privacy.contractOpened).toBe(1)
  })
})

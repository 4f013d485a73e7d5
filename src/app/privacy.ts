import { createPrivacyGate } from 'wx-login-state'
import { auth } from './auth'

/** The app's privacy gate; `App.vue` installs it and `PrivacyPopup` answers it. */
export const privacyGate = createPrivacyGate(auth.platform.privacy)

export { createPrivacyGate } from './createPrivacyGate'
export type { PrivacyGate, PrivacyGateState, PrivacyGateStatus } from './createPrivacyGate'

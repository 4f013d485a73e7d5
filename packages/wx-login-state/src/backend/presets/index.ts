// The `wx-login-state/backends` entry: ready descriptions of common backends, each a plain
// `BackendDescription` to pass as `createAuth({ backend })` or to copy and edit. Only an app that
// imports this entry pulls a preset into its build.
export { referenceBackend } from './reference'
export { ruoyiVuePlusBackend, RUOYI_CLIENT_ID, RUOYI_DEFAULT_TENANT_ID } from './ruoyiVuePlus'
export { yudaoMemberBackend, YUDAO_DEFAULT_TENANT_ID } from './yudaoMember'
export { litemallBackend } from './litemall'
export { defineBackend } from './defineBackend'
export { bodyCode } from './bodyCode'
export { jwtClaims, jwtExpiry } from './jwt'
export type {
  AnswerField,
  BackendAnswer,
  BackendCall,
  BackendDescription,
  ExpiryRule,
  ExpirySource,
  LoginFailure,
  LoginInput,
  RefreshDescription,
  SessionFields,
  TokenPlacement,
  UserOf,
  UserReader,
  UserRule,
  UserSource,
} from '../types'

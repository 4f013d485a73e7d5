export { defineAuthStore } from './defineAuthStore'
export type { AuthStoreSetup, DefineSetupStore, ProfileUpdate } from './defineAuthStore'

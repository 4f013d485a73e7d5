export { defineAuthStore } from './defineAuthStore'
export type { AuthStoreDefinition, AuthStoreSetup, DefineSetupStore, ProfileUpdate } from './defineAuthStore'

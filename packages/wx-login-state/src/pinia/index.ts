export { defineAuthStore } from './defineAuthStore'
export type { ProfileUpdate } from './defineAuthStore'

import { defineAuthStore } from 'wx-login-state'
import { defineStore } from 'pinia'
import { auth } from '@/src/app/auth'

/** The app's auth store: a reactive projection of `auth.session` (see `defineAuthStore`). */
export const useAuthStore = defineAuthStore(auth, defineStore)

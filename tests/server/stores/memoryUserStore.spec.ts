import { MemoryUserStore } from '../../../server/stores/memoryUserStore'
import { userStoreContract } from './userStore.contract'

userStoreContract('MemoryUserStore', async () => ({ store: new MemoryUserStore() }))

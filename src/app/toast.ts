type Toaster = { showToast(options: { title: string; icon?: 'none' | 'success'; duration?: number }): void }

/**
 * Shows a short toast through `uni.showToast`. The app, not the library, decides what the user
 * sees; where `uni` is missing (unit tests without a stub) the toast is skipped, the inline error
 * text on the page still says the same thing.
 */
export function showToast(title: string, icon: 'none' | 'success' = 'none'): void {
  const candidate: unknown = (globalThis as { uni?: unknown }).uni
  if (typeof candidate !== 'object' || candidate === null) return
  const toaster = candidate as Partial<Toaster>
  if (typeof toaster.showToast !== 'function') return
  // WeChat cuts toast titles after two lines; 7 Chinese characters per line with an icon, so no icon.
  toaster.showToast({ title, icon, duration: 2500 })
}

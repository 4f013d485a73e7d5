/**
 * Shows a short toast through `uni.showToast`. The app, not the library, decides what the user
 * sees; where `uni` is missing (unit tests without a stub) the toast is skipped, the inline error
 * text on the page still says the same thing.
 */
export function showToast(title: string, icon: 'none' | 'success' = 'none'): void {
  // NOTE: `uni.showToast` is written out literally: the H5 build binds only the APIs it sees by name.
  if (typeof uni === 'undefined' || typeof uni.showToast !== 'function') return
  // WeChat cuts toast titles after two lines; without an icon it fits a whole sentence.
  uni.showToast({ title, icon, duration: 2500 })
}

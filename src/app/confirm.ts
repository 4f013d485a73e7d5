/**
 * Asks a yes/no question in a WeChat modal (`uni.showModal`) and resolves `true` on 确定. Where `uni`
 * is missing (unit tests without a stub) it resolves `true`, so a test that does not care about the
 * question goes on as if the user had confirmed; a failing modal resolves `false` (nothing done).
 */
export function showConfirm(title: string, content: string): Promise<boolean> {
  // NOTE: `uni.showModal` is written out literally: the H5 build binds only the APIs it sees by name.
  if (typeof uni === 'undefined' || typeof uni.showModal !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => {
    uni.showModal({
      title,
      content,
      // NOTE: both texts explicit: uni's defaults follow the browser's locale in H5 ("Cancel" next to 退出).
      confirmText: '退出',
      cancelText: '取消',
      confirmColor: '#FA5151',
      success: (res) => resolve(res.confirm === true),
      fail: () => resolve(false),
    })
  })
}

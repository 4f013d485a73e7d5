import { NICKNAME_MAX_CHARS } from 'wx-login-state'
import type { NicknameProblem } from 'wx-login-state'

/** What the profile page tells the user for each `NicknameProblem` of the library's `checkNickname`. */
export const NICKNAME_HINTS: Record<NicknameProblem, string> = {
  empty: '请填写昵称',
  too_long: `昵称需为 1–${NICKNAME_MAX_CHARS} 个字符`,
  invisible_characters: '昵称不能包含控制字符、方向控制符或不可见字符',
  too_many_marks: '昵称中的附加符号过多',
  nothing_visible: '昵称需要至少一个可见字符',
}

import type { Rule } from '../Rule'
import { loginRules } from './loginRules'
import { secretRules } from './secretRules'
import { tokenRules } from './tokenRules'
import { wechatFailureRules } from './wechatFailureRules'

/** Every rule, in the order the table numbers them. */
export const RULES: readonly Rule[] = [...loginRules, ...secretRules, ...tokenRules, ...wechatFailureRules]

import { parseRegExpLiteral } from '@eslint-community/regexpp'
import type { AST } from '@eslint-community/regexpp'

/** What {@link countedMatches} found: the matches' [start, end) ranges and the steps it took to find them. */
export interface CountedMatches {
  matches: [number, number][]
  steps: number
}

type Next = (pos: number) => boolean

const SPACE = /\s/
const WORD = /\w/

/**
 * Runs a regular expression through a small backtracking matcher that counts its steps (one per node tried at a
 * position), the way V8's own engine walks it, and returns every match of a global search. Supports what log
 * patterns use: classes, escapes \s \d \w, groups, alternation, greedy and lazy quantifiers, ^ $ \b, lookahead and
 * the i flag. Its matches are checked against V8's in the tests, so the count is of the same search. Keep inputs
 * to a few thousand characters: the matcher recurses once per character a quantifier takes.
 */
export function countedMatches(regex: RegExp, input: string): CountedMatches {
  const ast = parseRegExpLiteral(regex)
  const ignoreCase = regex.flags.includes('i')
  const n = input.length
  let steps = 0

  const sameChar = (code: number, at: number): boolean => {
    const c = input.charCodeAt(at)
    if (c === code) return true
    if (!ignoreCase) return false
    const a = String.fromCharCode(c)
    const b = String.fromCharCode(code)
    return a.toLowerCase() === b.toLowerCase()
  }
  const inSet = (set: AST.EscapeCharacterSet | AST.CharacterSet, ch: string): boolean => {
    let hit: boolean
    if (set.kind === 'any') return ch !== '\n' && ch !== '\r'
    if (set.kind === 'digit') hit = ch >= '0' && ch <= '9'
    else if (set.kind === 'space') hit = SPACE.test(ch)
    else if (set.kind === 'word') hit = WORD.test(ch)
    else throw new Error(`unsupported character set ${set.raw}`)
    return set.negate ? !hit : hit
  }
  const inClassOnce = (cls: AST.CharacterClass, code: number): boolean => {
    const ch = String.fromCharCode(code)
    for (const element of cls.elements) {
      if (element.type === 'Character' && element.value === code) return true
      if (element.type === 'CharacterClassRange' && code >= element.min.value && code <= element.max.value) return true
      if (element.type === 'CharacterSet' && inSet(element, ch)) return true
      if (element.type !== 'Character' && element.type !== 'CharacterClassRange' && element.type !== 'CharacterSet') {
        throw new Error(`unsupported class element ${element.raw}`)
      }
    }
    return false
  }
  const inClass = (cls: AST.CharacterClass, at: number): boolean => {
    const code = input.charCodeAt(at)
    let hit = inClassOnce(cls, code)
    if (!hit && ignoreCase) {
      const ch = String.fromCharCode(code)
      hit = inClassOnce(cls, ch.toLowerCase().charCodeAt(0)) || inClassOnce(cls, ch.toUpperCase().charCodeAt(0))
    }
    return cls.negate ? !hit : hit
  }
  const isWordAt = (at: number): boolean => at >= 0 && at < n && WORD.test(input[at] ?? '')

  const alternatives = (alts: AST.Alternative[], pos: number, next: Next): boolean => {
    for (const alt of alts) if (sequence(alt.elements, 0, pos, next)) return true
    return false
  }
  const sequence = (elements: AST.Element[], index: number, pos: number, next: Next): boolean => {
    const element = elements[index]
    if (element === undefined) return next(pos)
    return node(element, pos, (after) => sequence(elements, index + 1, after, next))
  }
  const node = (element: AST.Element, pos: number, next: Next): boolean => {
    steps++
    switch (element.type) {
      case 'Character':
        return pos < n && sameChar(element.value, pos) && next(pos + 1)
      case 'CharacterClass':
        return pos < n && inClass(element, pos) && next(pos + 1)
      case 'CharacterSet':
        return pos < n && inSet(element, input[pos] ?? '') && next(pos + 1)
      case 'Group':
      case 'CapturingGroup':
        return alternatives(element.alternatives, pos, next)
      case 'Quantifier':
        return repeat(element, 0, pos, next)
      case 'Assertion':
        return assertion(element, pos, next)
      default:
        throw new Error(`unsupported node ${element.raw}`)
    }
  }
  const repeat = (q: AST.Quantifier, count: number, pos: number, next: Next): boolean => {
    const more = (): boolean =>
      count < q.max && node(q.element, pos, (after) => (after === pos && count >= q.min ? false : repeat(q, count + 1, after, next)))
    const stop = (): boolean => count >= q.min && next(pos)
    return q.greedy ? more() || stop() : stop() || more()
  }
  const assertion = (a: AST.Assertion, pos: number, next: Next): boolean => {
    if (a.kind === 'start') return pos === 0 && next(pos)
    if (a.kind === 'end') return pos === n && next(pos)
    if (a.kind === 'word') return (isWordAt(pos - 1) !== isWordAt(pos)) !== a.negate && next(pos)
    if (a.kind === 'lookahead') return alternatives(a.alternatives, pos, () => true) !== a.negate && next(pos)
    throw new Error(`unsupported assertion ${a.raw}`)
  }

  const matches: [number, number][] = []
  let from = 0
  while (from <= n) {
    let found: [number, number] | undefined
    for (let start = from; start <= n && found === undefined; start++) {
      alternatives(ast.pattern.alternatives, start, (end) => {
        found = [start, end]
        return true
      })
    }
    if (found === undefined) break
    matches.push(found)
    from = found[1] === found[0] ? found[1] + 1 : found[1]
    if (!regex.global) break
  }
  return { matches, steps }
}

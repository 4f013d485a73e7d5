/**
 * Values that look like a secret wherever they appear in a log line, under any field or query name: a bearer
 * credential (`Bearer …`, also URL-encoded), a token of the shape this server issues (`<12-character slot
 * tag>.<43 base64url characters>`, removed whole: the tag is the same for all of a user's tokens and would link
 * their lines), a bare 43-character secret of that shape, and a WeChat session_key (base64 of 16 bytes). Applied
 * to the serialised line, so no path list can miss one.
 *
 * They run on every log line, whose content an attacker partly chooses (the URL), so each must cost linear time:
 * every pattern but the first matches a bounded width, and the first has no quantifier that can give back
 * characters to a following one and then fail. tests/server/logging/redactSecrets.spec.ts counts their
 * backtracking steps on adversarial lines.
 */
export const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/(Bearer(?:\s|%20|\+)+)[A-Za-z0-9._~+/=%-]+/gi, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{22}==/g, '$1[Redacted]'],
]

/** Replaces every {@link SECRET_PATTERNS} match in a serialised log line. */
export function redactSecrets(line: string): string {
  let out = line
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

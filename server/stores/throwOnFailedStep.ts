type ExecResult = [error: Error | null, result: unknown][] | null

/** MULTI reports per-command errors in its result instead of rejecting; surface them. */
export function throwOnFailedStep(results: ExecResult): [Error | null, unknown][] {
  if (results === null) throw new Error('Redis transaction was aborted')
  for (const [error] of results) {
    if (error !== null) throw error
  }
  return results
}

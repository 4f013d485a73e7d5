// The part of autocannon's programmatic API the bench uses; the package ships no types.
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
  }
  export interface AutocannonOptions {
    url: string
    connections?: number
    pipelining?: number
    /** Seconds. */
    duration?: number
    /** Stop after this many requests (overrides duration). */
    amount?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    requests?: Array<AutocannonRequest & { setupRequest?: (req: AutocannonRequest) => AutocannonRequest }>
  }
  export interface Histogram {
    average: number
    total: number
    p50: number
    p99: number
  }
  export interface AutocannonResult {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    /** Seconds. */
    duration: number
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>
  export default autocannon
}

import os from 'node:os'

/** The machine a bench ran on, as printed at the top of docs/benchmarks.md. */
export interface MachineInfo {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  os: string
  date: string
  /** The 1-minute load average when the bench started: other work on the machine skews every figure. */
  loadAverage: number
}

/** Describes this machine and the current date (ISO 8601, UTC). */
export function machineInfo(now: Date = new Date()): MachineInfo {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    date: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  }
}

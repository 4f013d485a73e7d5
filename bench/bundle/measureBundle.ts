import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/** Bytes of a set of files: raw, and gzip (each file compressed on its own at level 9, as a package does). */
export interface ByteSize {
  files: number
  raw: number
  gzip: number
}

/** A mini-program build output split the way the bundle table reports it. */
export interface OutputSizes {
  /** Every file of the output. */
  total: ByteSize
  /** `common/vendor.js`: what npm packages and sources outside the input dir pull in. */
  vendor: ByteSize
  /** Every other file: the project's own emitted files. */
  own: ByteSize
  /** The files under `packages/wx-login-state/src/`: the library's own emitted files in the demo app. */
  library: ByteSize
}

const EMPTY: ByteSize = { files: 0, raw: 0, gzip: 0 }

/** Lists every file under `dir`, recursively, as paths relative to `dir` with `/` separators. */
export function listFiles(dir: string): string[] {
  const walk = (sub: string): string[] =>
    readdirSync(path.join(dir, sub)).flatMap((name) => {
      const rel = sub === '' ? name : `${sub}/${name}`
      return statSync(path.join(dir, rel)).isDirectory() ? walk(rel) : [rel]
    })
  return walk('').sort()
}

/** Measures one buffer. */
export function sizeOf(content: Buffer | string): ByteSize {
  const buf = typeof content === 'string' ? Buffer.from(content) : content
  return { files: 1, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length }
}

/** Adds two sizes. */
export function addSizes(a: ByteSize, b: ByteSize): ByteSize {
  return { files: a.files + b.files, raw: a.raw + b.raw, gzip: a.gzip + b.gzip }
}

/** `a - b`, field by field: what a build adds over a baseline. */
export function subtractSizes(a: ByteSize, b: ByteSize): ByteSize {
  return { files: a.files - b.files, raw: a.raw - b.raw, gzip: a.gzip - b.gzip }
}

/** Whether an output file belongs to the library: emitted under `packages/wx-login-state/src/`. */
export function isLibraryFile(rel: string): boolean {
  return rel.startsWith('packages/wx-login-state/src/')
}

/**
 * Measures a `build:mp-weixin` output directory. Throws when `outDir` holds no `app.json`, because
 * measuring a missing or half-written build would record a meaningless figure.
 */
export function measureOutput(outDir: string): OutputSizes {
  const files = listFiles(outDir)
  if (!files.includes('app.json')) throw new Error(`${outDir} is not a mini-program build (no app.json); build it first`)
  const out: OutputSizes = { total: EMPTY, vendor: EMPTY, own: EMPTY, library: EMPTY }
  for (const rel of files) {
    const size = sizeOf(readFileSync(path.join(outDir, rel)))
    out.total = addSizes(out.total, size)
    if (rel === 'common/vendor.js') out.vendor = addSizes(out.vendor, size)
    else out.own = addSizes(out.own, size)
    if (isLibraryFile(rel)) out.library = addSizes(out.library, size)
  }
  return out
}

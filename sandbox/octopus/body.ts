/**
 * Request bodies with case-insensitive property names: api-client sends PascalCase (`ProjectName`), go-octopusdeploy
 * camelCase (`projectName`), and real servers accept both. Type mismatches fail like model binding does (400).
 */
import { InvalidJsonError, type FakeRequest } from '../common/index.js'
import { OctopusError, invalid } from './errors.js'

export class CiBody {
  private readonly map = new Map<string, unknown>()

  constructor(readonly raw: Record<string, unknown>) {
    for (const [k, v] of Object.entries(raw)) this.map.set(k.toLowerCase(), v)
  }

  static async read(req: FakeRequest): Promise<CiBody> {
    let parsed: unknown
    try {
      const buf = await req.body()
      parsed = buf.length === 0 ? {} : await req.json()
    } catch (err) {
      if (err instanceof InvalidJsonError) throw new OctopusError(400, MESSAGES_BAD_JSON, [err.message])
      throw err
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new OctopusError(400, MESSAGES_BAD_JSON, ['The request body must be a JSON object.'])
    return new CiBody(parsed as Record<string, unknown>)
  }

  has(name: string): boolean {
    const v = this.map.get(name.toLowerCase())
    return v !== undefined && v !== null
  }

  private value(name: string): unknown {
    return this.map.get(name.toLowerCase())
  }

  string(name: string): string | undefined {
    const v = this.value(name)
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') throw invalid(`The value of '${name}' must be a string.`)
    return v
  }

  /** A non-empty string (after trimming), else undefined. */
  text(name: string): string | undefined {
    const v = this.string(name)
    return v && v.trim() ? v : undefined
  }

  bool(name: string): boolean {
    const v = this.value(name)
    if (v === undefined || v === null) return false
    if (typeof v === 'boolean') return v
    if (v === 'true' || v === 'True') return true
    if (v === 'false' || v === 'False') return false
    throw invalid(`The value of '${name}' must be a boolean.`)
  }

  strings(name: string): string[] {
    const v = this.value(name)
    if (v === undefined || v === null) return []
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid(`The value of '${name}' must be an array of strings.`)
    return v as string[]
  }

  record(name: string): Record<string, string> {
    const v = this.value(name)
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`The value of '${name}' must be an object.`)
    const out: Record<string, string> = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === null || x === undefined) continue
      out[k] = typeof x === 'string' ? x : String(x)
    }
    return out
  }

  date(name: string): Date | undefined {
    const v = this.string(name)
    if (!v) return undefined
    const d = new Date(v)
    if (Number.isNaN(d.getTime())) throw invalid(`The value '${v}' of '${name}' is not a valid date.`)
    return d
  }
}

const MESSAGES_BAD_JSON = 'The request body could not be parsed as JSON.'

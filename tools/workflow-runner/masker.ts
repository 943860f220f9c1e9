/**
 * The executor's secret masker: every secret value (and each of its lines, as the runner does) and every
 * `::add-mask::` value is replaced by `***` in anything the executor logs or prints, from the moment it is known.
 */
export class Masker {
  private readonly values = new Set<string>()

  add(value: string): void {
    for (const v of [value, ...value.split(/\r?\n/)]) if (v.trim() !== '') this.values.add(v)
  }

  /** True when `text` contains any masked value. */
  touches(text: string): boolean {
    for (const v of this.values) if (text.includes(v)) return true
    return false
  }

  mask(text: string): string {
    if (this.values.size === 0 || text === '') return text
    const ordered = [...this.values].sort((a, b) => b.length - a.length)
    let out = text
    for (const v of ordered) out = out.split(v).join('***')
    return out
  }
}

/**
 * An action's outputs: each action lists the names its action.yml declares as one typed constant (checked against
 * action.yml by the invariant tests) and sets them from one record built from its services' results.
 */
import type { ActionContext } from './context.js'

/** The record of an output list: every name, each value a string, number, boolean, object (JSON) or absent. */
export type OutputValues<L extends readonly string[]> = Partial<Record<L[number], unknown>>

/** Sets the outputs in list order; `undefined` values are left unset. */
export function setOutputs<L extends readonly string[]>(ctx: Pick<ActionContext, 'setOutput'>, names: L, values: OutputValues<L>): void {
  for (const name of names as readonly L[number][]) if (values[name] !== undefined) ctx.setOutput(name, values[name])
}

/** Awaits a promise that must reject and returns what it rejected with (fails the test if it resolves). */
export async function rejectionOf<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise
  } catch (err) {
    return err as E
  }
  throw new Error('expected the promise to reject, but it resolved')
}

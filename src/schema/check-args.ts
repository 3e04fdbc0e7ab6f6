/** Definition-time argument checks: a bad argument is a programmer mistake, so these throw. @internal */
export function lengthArg(method: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${method}: expected a non-negative integer, got ${String(value)}`)
  }
  return value
}

/** A number bound: any number but NaN. @internal */
export function numberArg(method: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new TypeError(`${method}: expected a number, got ${String(value)}`)
  return value
}

/** A date bound, as Unix milliseconds. @internal */
export function dateArg(method: string, value: Date | string | number): number {
  const time = new Date(value).getTime()
  if (Number.isNaN(time)) throw new TypeError(`${method}: expected a valid date, got ${String(value)}`)
  return time
}

import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { validator } from 'hono/validator'
import { type InferSchemaOutput, type StandardSchemaV1, type ValidationError, validateStandard } from 'kairo'

/** The JSON body of a 400 answer to invalid input. */
export interface ValidationFailureBody {
  error:
    | { code: 'VALIDATION_FAILED'; message: string; issues: ValidationError['issues'] }
    | { code: 'MALFORMED_JSON'; message: string }
}

/** The 400 body for a `ValidationError`: its code, message and every issue. */
export function validationFailure(error: ValidationError): ValidationFailureBody {
  return { error: { code: 'VALIDATION_FAILED', message: error.message, issues: error.issues } }
}

/**
 * Hono middleware validating the JSON body with any Standard Schema (a Kairo schema, Zod, …).
 * Handlers read the parsed, typed value with `c.req.valid('json')`. Invalid input gets a 400 with
 * `{ error: { code: 'VALIDATION_FAILED', message, issues } }`; a body that is not JSON gets a 400
 * with code `MALFORMED_JSON`.
 *
 * @example
 * ```ts
 * new Hono().post('/orders/quote', jsonBody(OrderRequest), (c) => c.json(quoteOrder(c.req.valid('json'))))
 * ```
 */
export function jsonBody<S extends StandardSchemaV1>(schema: S) {
  const validate = validator('json', async (value, c) => {
    const parsed = await validateStandard(schema, value)
    if (!parsed.ok) return c.json(validationFailure(parsed.error), 400)
    return parsed.value as InferSchemaOutput<S>
  })
  const guarded: MiddlewareHandler = async (c, next) => {
    let handedOn = false
    try {
      return (await validate(c, async () => {
        handedOn = true
        await next()
      })) as Response | undefined
    } catch (error) {
      if (handedOn || !(error instanceof HTTPException) || error.status !== 400) throw error
      const body: ValidationFailureBody = { error: { code: 'MALFORMED_JSON', message: error.message } }
      return c.json(body, 400)
    }
  }
  return guarded as typeof validate
}

import fc from 'fast-check'

/**
 * Values a cache serializer must bring back equal: JSON plus Date, BigInt, Map, Set, bytes,
 * undefined, NaN, ±Infinity and (unless `negativeZero` is false) -0.
 */
export const richValueOf = (options: { negativeZero: boolean }) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string(),
      options.negativeZero ? fc.double() : fc.double().map((d) => (Object.is(d, -0) ? 0 : d)),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.bigInt(),
      fc.date(),
      fc.uint8Array({ maxLength: 8 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      fc.record({ $t: tie('value'), v: tie('value') }),
      fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((pairs) => new Map(pairs)),
      fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
    ),
  })).value

/** {@link richValueOf} with -0. */
export const richValue = richValueOf({ negativeZero: true })

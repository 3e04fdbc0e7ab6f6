/**
 * `kairo/msgpack`: a MessagePack {@link Serializer} for cache layers, on msgpackr (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { msgpackSerializer } from 'kairo/msgpack'
 * const serializer = msgpackSerializer()
 * ```
 * @module
 */
export { msgpackSerializer } from './msgpack-serializer.js'

/**
 * `kairo/resource`: declarative HTTP resources. Declare an API's operations once (method, path
 * template, params, query, body and response schemas — any Standard Schema) and call them with
 * typed, validated, URL-safe, authenticated, retried, time-bounded, cached, coalesced and traced
 * requests that return `Result`s. Check a live API against the declaration
 * (`contract().verify(url)`), serve it from a real local mock server (`mock(scenarios)`) and
 * export it as OpenAPI 3 (`toOpenAPI`).
 *
 * @example
 * ```ts
 * import { resource, respond } from 'kairo/resource'
 * import { schema } from 'kairo/schema'
 *
 * const User = schema.object({ id: schema.string().uuid(), name: schema.string() })
 * const UserAPI = resource('users', { get: { path: '/users/:id', response: User } }, { baseUrl: 'https://api.example.com' })
 * const user = await UserAPI.get.run({ id }) // Result<ResourceError, { id: string; name: string }>
 *
 * const mock = (await UserAPI.mock({ get: respond.ok() })).unwrap() // data generated from User
 * await UserAPI.withOptions({ baseUrl: mock.url }).get.run({ id })
 * ```
 * @module
 */
export type { ContractCheck, ContractReport, ContractVerifyOptions } from './contract.js'
export { type MockAnswer, type MockCall, type MockReply, type ReplyOptions, respond } from './mock-responses.js'
export type { MockOptions, MockScenarios, MockServer } from './mock-server.js'
export type {
  AuthOptions,
  HeaderContext,
  HeadersOption,
  HeaderValues,
  HttpMethod,
  OperationDefinition,
  OperationExample,
  OperationInput,
  OperationOutput,
  PathParamNames,
  PathParamValue,
  ResourceCacheOptions,
  ResourceDefaults,
  ResourceResponse,
  ResourceRetryOptions,
  RunArguments,
  RunOptions,
  SecretOption,
} from './operation-definition.js'
export {
  type Resource,
  type ResourceContract,
  type ResourceMethods,
  type ResourceOperations,
  resource,
} from './resource.js'
export {
  HttpError,
  isHttpError,
  isMalformedResponseError,
  isNetworkError,
  isRedirectError,
  isResponseTooLargeError,
  isResponseValidationError,
  MalformedResponseError,
  NetworkError,
  RedirectError,
  ResourceConfigError,
  type ResourceError,
  ResponseTooLargeError,
  ResponseValidationError,
} from './resource-errors.js'
export type { ResourceOperation } from './resource-operation.js'
export { type OpenAPIInfo, type OpenAPIOptions, type OpenAPISource, toOpenAPI } from './to-openapi.js'

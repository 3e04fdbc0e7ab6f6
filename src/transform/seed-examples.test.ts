import { nativeSchema, schema } from 'kairo/schema'
import { transform } from 'kairo/transform'
import { describe, expect, it } from 'vitest'

/** The DATA pillar examples of the project seed, run as written. */
describe('seed examples', () => {
  it('native schemas: parse, safeParse, partial, extend with a default factory', () => {
    const UserSchema = nativeSchema.object({
      id: nativeSchema.string().uuid(),
      name: nativeSchema.string().min(2).max(100),
      email: nativeSchema.string().email(),
      age: nativeSchema.number().min(0).max(150),
      active: nativeSchema.boolean(),
    })
    const userData = {
      id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70',
      name: 'John',
      email: 'john@example.com',
      age: 30,
      active: true,
    }

    const result = UserSchema.parse(userData) // Result<ValidationError, User>
    const safeResult = UserSchema.safeParse(userData) // { success: boolean; data?: User; error?: ValidationError }
    expect(result.unwrap()).toEqual(userData)
    expect(safeResult).toEqual({ success: true, data: userData })

    const PartialUserSchema = UserSchema.partial()
    const UserWithDefaultsSchema = UserSchema.extend({
      createdAt: nativeSchema.string().default(() => new Date().toISOString()),
    })
    expect(PartialUserSchema.parse({ name: 'Jo' }).unwrap()).toEqual({ name: 'Jo' })
    expect(UserWithDefaultsSchema.parse(userData).unwrap().createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(UserSchema.parse({ ...userData, email: 'nope' }).ok).toBe(false)
  })

  it('resource params and the testing pillar schema', () => {
    const params = schema.object({ id: schema.string().uuid() })
    expect(params.parse({ id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70' }).ok).toBe(true)
    const UserSchema = nativeSchema.object({
      name: nativeSchema.string().min(2).max(50),
      email: nativeSchema.string().email(),
      age: nativeSchema.number().min(0).max(150),
    })
    expect(UserSchema.parse({ name: 'John', email: 'john@example.com', age: 30 }).ok).toBe(true)
  })

  it('the user-normalization transform', async () => {
    const RawUserSchema = nativeSchema.object({
      user_id: nativeSchema.string().uuid(),
      user_name: nativeSchema.string(),
      user_email: nativeSchema.string().email(),
      created_at: nativeSchema.string(),
      is_active: nativeSchema.boolean(),
    })
    // The seed's UserSchema for this example: the fields the transform fills.
    const UserSchema = nativeSchema.object({
      id: nativeSchema.string().uuid(),
      name: nativeSchema.string().min(2).max(100),
      email: nativeSchema.string().email(),
      createdAt: nativeSchema.date(),
      displayName: nativeSchema.string(),
    })

    const userTransform = transform('user-normalization', RawUserSchema)
      .to(UserSchema)
      .map('user_id', 'id')
      .map('user_name', 'name')
      .map('user_email', 'email')
      .map('created_at', 'createdAt', (source) => new Date(source.created_at))
      .compute('displayName', (source) => `${source.user_name} <${source.user_email}>`)
      .filter((user) => user.is_active)
      .validate()

    const rawUser = {
      user_id: '0190f7a4-7b7e-7cc3-8f1a-2b3c4d5e6f70',
      user_name: 'John',
      user_email: 'john@example.com',
      created_at: '2024-05-01T10:00:00.000Z',
      is_active: true,
    }
    const normalized = await userTransform.execute(rawUser)
    expect(normalized.unwrap()).toEqual({
      id: rawUser.user_id,
      name: 'John',
      email: 'john@example.com',
      createdAt: new Date('2024-05-01T10:00:00.000Z'),
      displayName: 'John <john@example.com>',
    })
    const many = userTransform.executeMany([rawUser, { ...rawUser, is_active: false }])
    expect(many.summary).toEqual({ total: 2, succeeded: 1, failed: 0, filtered: 1 })
  })
})

import { createModelSchema, createTrainingJobSchema } from './models';

describe('contracts › model definitions › transforms', () => {
  const definition = (transforms: unknown) => ({ name: 'm', seriesKey: 'a/b', architecture: 'gru', lookback: 24, horizon: 6, transforms });
  const issuesOf = (transforms: unknown) => {
    const parsed = createModelSchema.safeParse(definition(transforms));
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it.each([
    [{ log: true, level: 'last' }],
    [{ log: { boxCox: 0.5 }, scale: 'mean', level: { mean: 24 } }],
    [{ scale: 'none' }],
    [{}],
  ])('accepts %j and keeps it as sent', (transforms) => {
    expect(createModelSchema.parse(definition(transforms)).transforms).toEqual(transforms);
    const { name: _name, ...jobDefinition } = definition(transforms);
    expect(createTrainingJobSchema.parse({ model: 'm', definition: jobDefinition }).definition?.transforms).toEqual(transforms);
  });

  it('leaves transforms out when they are not given (the default, z-scores)', () => {
    const { transforms: _none, ...plain } = definition(undefined);
    expect(createModelSchema.parse(plain).transforms).toBeUndefined();
  });

  it.each([
    [{ log: 'yes' }, 'transforms.log: must be true, false or { boxCox: λ } with λ in [0, 2]'],
    [{ log: { boxCox: 3 } }, 'transforms.log.boxCox: must be at most 2'],
    [{ scale: 'minmax' }, 'transforms.scale: Invalid option: expected one of "standard"|"mean"|"none"'],
    [{ level: 'first' }, "transforms.level: must be 'last' or { mean: k } with k the steps averaged"],
    [{ level: { mean: 0 } }, 'transforms.level.mean: Too small: expected number to be >=1'],
    [{ level: { mean: 2, span: 3 } }, 'transforms.level: Unrecognized key: "span"'],
    [{ shift: 1 }, 'transforms: Unrecognized key: "shift"'],
    ['log', 'transforms: Invalid input: expected object, received string'],
  ])('refuses %j with a field-named error', (transforms, issue) => {
    expect(issuesOf(transforms)).toEqual([issue]);
  });

  it('documents the field for OpenAPI', () => {
    expect(createModelSchema.shape.transforms.description).toMatch(/transforms applied to each series before the model/);
    expect(createModelSchema.shape.transforms.unwrap().shape.level.description).toMatch(/per-window level/);
  });
});

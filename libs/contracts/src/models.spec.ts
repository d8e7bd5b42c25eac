import { z } from 'zod';
import { autoParamsSchema, createModelSchema, createTrainingJobSchema, trainingOptionsSchema } from './models';

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

describe('contracts › model definitions › training options', () => {
  const definition = (training: unknown, fields: Record<string, unknown> = {}) => ({ name: 'm', seriesKey: 'a/b', architecture: 'gru', lookback: 24, horizon: 6, training, ...fields });
  const issuesOf = (training: unknown, fields?: Record<string, unknown>) => {
    const parsed = createModelSchema.safeParse(definition(training, fields));
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };
  const QUANTILES = { quantiles: [0.1, 0.5, 0.9] };
  const RESCALED = { transforms: { scale: 'mean' } };

  it('stores the defaults of every option that has one; loss, clipNorm and timeBudgetSeconds stay unset', () => {
    expect(createModelSchema.parse(definition(undefined)).training).toEqual({
      epochs: 20,
      batchSize: 64,
      learningRate: 0.005,
      validationSplit: 0.1,
      patience: 5,
      seed: 42,
      schedule: { kind: 'constant' },
      minDelta: 0,
      restoreBestWeights: true,
    });
  });

  it.each([
    [{ loss: 'mse' }, {}],
    [{ loss: 'mae' }, {}],
    [{ loss: 'huber' }, {}],
    [{ loss: 'pinball' }, QUANTILES],
    [{ loss: 'smape' }, RESCALED],
    [{ loss: 'smape' }, { transforms: { scale: 'none', log: false } }],
    [{ clipNorm: 1 }, {}],
    [{ schedule: { kind: 'constant' } }, {}],
    [{ schedule: { kind: 'cosine' } }, {}],
    [{ learningRate: 0.001, schedule: { kind: 'cosine', warmupEpochs: 2, minRate: 0.0001 } }, {}],
    [{ schedule: { kind: 'step', every: 10, factor: 0.5 } }, {}],
    [{ minDelta: 0.001 }, {}],
    [{ restoreBestWeights: false }, {}],
    [{ timeBudgetSeconds: 600 }, {}],
  ])('accepts %j (with %j) and stores it as sent', (training, fields) => {
    expect(createModelSchema.parse(definition(training, fields)).training).toMatchObject(training);
    const { name: _name, ...jobDefinition } = definition(training, fields);
    expect(createTrainingJobSchema.parse({ model: 'm', definition: jobDefinition }).definition?.training).toMatchObject(training);
  });

  it.each([
    [{ loss: 'l1' }, {}, 'training.loss: Invalid option: expected one of "mse"|"mae"|"huber"|"pinball"|"smape"'],
    [{ loss: 'pinball' }, {}, "training.loss: 'pinball' is the loss of a quantile head: it needs `quantiles`"],
    [{ loss: 'mae' }, QUANTILES, "training.loss: a model with `quantiles` trains on the pinball loss: leave `loss` out or set 'pinball'"],
    [{ loss: 'smape' }, {}, "training.loss: 'smape' is the series' sMAPE only on values that were rescaled, not shifted: it needs transforms.scale 'mean' or 'none', without log or level"],
    [{ loss: 'smape' }, { transforms: { scale: 'mean', level: 'last' } }, "training.loss: 'smape' is the series' sMAPE only on values that were rescaled, not shifted: it needs transforms.scale 'mean' or 'none', without log or level"],
    [{ loss: 'smape' }, { transforms: { scale: 'none', log: true } }, "training.loss: 'smape' is the series' sMAPE only on values that were rescaled, not shifted: it needs transforms.scale 'mean' or 'none', without log or level"],
    [{ clipNorm: 0 }, {}, 'training.clipNorm: Too small: expected number to be >0'],
    [{ schedule: { kind: 'linear' } }, {}, "training.schedule.kind: must be { kind: 'constant' }, { kind: 'cosine', warmupEpochs?, minRate? } or { kind: 'step', every, factor }"],
    [{ schedule: 'cosine' }, {}, "training.schedule: must be { kind: 'constant' }, { kind: 'cosine', warmupEpochs?, minRate? } or { kind: 'step', every, factor }"],
    [{ schedule: { kind: 'step', every: 10 } }, {}, 'training.schedule.factor: Invalid input: expected number, received undefined'],
    [{ schedule: { kind: 'step', every: 0, factor: 0.5 } }, {}, 'training.schedule.every: Too small: expected number to be >=1'],
    [{ schedule: { kind: 'step', every: 2, factor: 1.5 } }, {}, 'training.schedule.factor: Too big: expected number to be <=1'],
    [{ schedule: { kind: 'cosine', minRate: 0.01 } }, {}, 'training.schedule.minRate: must be at most learningRate (0.005)'],
    [{ epochs: 10, schedule: { kind: 'cosine', warmupEpochs: 10 } }, {}, 'training.schedule.warmupEpochs: must be fewer than epochs (10)'],
    [{ schedule: { kind: 'constant', every: 2 } }, {}, 'training.schedule: Unrecognized key: "every"'],
    [{ minDelta: -0.1 }, {}, 'training.minDelta: Too small: expected number to be >=0'],
    [{ restoreBestWeights: 'yes' }, {}, 'training.restoreBestWeights: Invalid input: expected boolean, received string'],
    [{ timeBudgetSeconds: 0 }, {}, 'training.timeBudgetSeconds: Too small: expected number to be >=1'],
    [{ timeBudgetSeconds: 1e9 }, {}, 'training.timeBudgetSeconds: Too big: expected number to be <=604800'],
    [{ timeBudget: 60 }, {}, 'training: Unrecognized key: "timeBudget"'],
  ])('refuses %j (with %j) with a field-named error', (training, fields, issue) => {
    expect(issuesOf(training, fields)).toEqual([issue]);
  });

  it('refuses pinball without quantiles in a training job’s definition as well', () => {
    const { name: _name, ...jobDefinition } = definition({ loss: 'pinball' });
    const parsed = createTrainingJobSchema.safeParse({ model: 'm', definition: jobDefinition });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual(["definition.training.loss: 'pinball' is the loss of a quantile head: it needs `quantiles`"]);
  });

  it('documents every option for OpenAPI, and that validation is taken from the end of the data', () => {
    const options = trainingOptionsSchema.shape;
    for (const [name, field] of Object.entries(options)) expect([name, typeof field.description]).toEqual([name, 'string']);
    expect(options.validationSplit.description).toMatch(/chronological end/);
    expect(createModelSchema.shape.training.description).toMatch(/how each version is trained/);
  });
});

describe('contracts › model definitions › ensembles', () => {
  const ensemble = (params: unknown, extra: Record<string, unknown> = {}) => ({ name: 'e', seriesKey: 'a/b', architecture: 'ensemble', lookback: 24, horizon: 6, params, ...extra });
  const issuesOf = (definition: unknown, schema: typeof createModelSchema | typeof createTrainingJobSchema = createModelSchema) => {
    const parsed = schema.safeParse(definition);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };
  const members = [{ architecture: 'mlp', params: { hidden: [16] }, seed: 1 }, { architecture: 'gru', lookback: 12, transforms: { log: true } }];

  it('accepts 2 to 10 members differing in architecture, lookback, transforms or seed, combined by median or mean', () => {
    expect(issuesOf(ensemble({ members }))).toEqual([]);
    expect(issuesOf(ensemble({ combine: 'mean', members: Array.from({ length: 10 }, (_, seed) => ({ architecture: 'mlp', seed })) }))).toEqual([]);
  });

  it('refuses, by field, too few or too many members, a nested ensemble, a bad combination, unknown member fields and quantiles', () => {
    expect(issuesOf(ensemble({ members: [members[0]] }))).toEqual(['params.members: an ensemble has at least 2 members']);
    expect(issuesOf(ensemble({ members: Array.from({ length: 11 }, () => members[0]) }))).toEqual(['params.members: an ensemble has at most 10 members']);
    expect(issuesOf(ensemble({ members: [members[0], { architecture: 'ensemble' }] }))).toEqual(['params.members.1.architecture: a member cannot itself be an ensemble']);
    expect(issuesOf(ensemble({ combine: 'max', members }))).toEqual([expect.stringMatching(/^params\.combine: /)]);
    expect(issuesOf(ensemble({ members: [members[0], { architecture: 'gru', horizon: 3 }] }))).toEqual([expect.stringMatching(/^params\.members\.1: .*horizon/)]);
    expect(issuesOf(ensemble({ members: [members[0], { architecture: 'gru', lookback: 1 }] }))).toEqual([expect.stringMatching(/^params\.members\.1\.lookback: /)]);
    expect(issuesOf(ensemble({ members: [members[0], { architecture: 'gru', lookback: 48 }] }))).toEqual([
      "params.members.1.lookback: must not exceed the ensemble's lookback (24), the most history its forecasts read",
    ]);
    expect(issuesOf(ensemble({ members }, { quantiles: [0.1, 0.5, 0.9] }))).toEqual([expect.stringMatching(/^quantiles: an ensemble has no quantile head/)]);
    expect(issuesOf(ensemble({}))).toEqual([expect.stringMatching(/^params\.members: /)]);
  });

  it('checks a training job’s definition the same way', () => {
    const { name: _name, ...definition } = ensemble({ members: [members[0]] });
    expect(issuesOf({ model: 'e', definition }, createTrainingJobSchema)).toEqual(['definition.params.members: an ensemble has at least 2 members']);
  });

  it('leaves the params of a non-ensemble architecture to its own schema', () => {
    expect(issuesOf({ ...ensemble({ members: 3 }), architecture: 'mlp' })).toEqual([]);
  });
});

describe('contracts › model definitions › auto', () => {
  const auto = (params: unknown, extra: Record<string, unknown> = {}) => ({ name: 'a', selector: { fleet: 'x' }, architecture: 'auto', lookback: 48, horizon: 6, params, ...extra });
  const issuesOf = (definition: unknown, schema: typeof createModelSchema | typeof createTrainingJobSchema = createModelSchema) => {
    const parsed = schema.safeParse(definition);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts a season (steps or auto), a time budget and the members kept, each optional, and keeps params as sent', () => {
    expect(issuesOf(auto({}))).toEqual([]);
    expect(issuesOf(auto({ season: 'auto' }))).toEqual([]);
    expect(issuesOf(auto({ season: 24, timeBudgetSeconds: 30, maxMembers: 1 }))).toEqual([]);
    expect(issuesOf(auto({ maxMembers: 5, timeBudgetSeconds: 0.5 }))).toEqual([]);
    expect(createModelSchema.parse(auto({ season: 24 })).params).toEqual({ season: 24 });
  });

  it('refuses bad params by field', () => {
    expect(issuesOf(auto({ season: 0 }))).toEqual(["params.season: must be at least 1 step, or 'auto'"]);
    expect(issuesOf(auto({ season: 10_001 }))).toEqual(["params.season: must be at most 10000 steps, or 'auto'"]);
    expect(issuesOf(auto({ season: 2.5 }))).toEqual(["params.season: must be a whole number of steps from 1 to 10000, or 'auto'"]);
    expect(issuesOf(auto({ season: 'daily' }))).toEqual(["params.season: must be a whole number of steps from 1 to 10000, or 'auto'"]);
    expect(issuesOf(auto({ timeBudgetSeconds: 0 }))).toEqual([expect.stringMatching(/^params\.timeBudgetSeconds: /)]);
    expect(issuesOf(auto({ maxMembers: 6 }))).toEqual([expect.stringMatching(/^params\.maxMembers: /)]);
    expect(issuesOf(auto({ maxMembers: 0 }))).toEqual([expect.stringMatching(/^params\.maxMembers: /)]);
    expect(issuesOf(auto({ members: [] }))).toEqual(['params: Unrecognized key: "members"']);
  });

  it('refuses, by field, what auto chooses itself: quantiles, transforms, the training loss and gradient clipping', () => {
    expect(issuesOf(auto({}, { quantiles: [0.1, 0.5, 0.9] }))).toEqual([expect.stringMatching(/^quantiles: an auto model has no quantile head/)]);
    expect(issuesOf(auto({}, { transforms: { log: true } }))).toEqual([expect.stringMatching(/^transforms: an auto model chooses its transforms/)]);
    expect(issuesOf(auto({}, { training: { loss: 'mae' } }))).toEqual(['training.loss: an auto model chooses its training loss itself: leave it out']);
    expect(issuesOf(auto({}, { training: { clipNorm: 1 } }))).toEqual(['training.clipNorm: an auto model chooses its gradient clipping itself: leave it out']);
    // what it takes from training: epochs (each candidate's most), seed, maxPoints, a time budget
    expect(issuesOf(auto({}, { training: { epochs: 5, seed: 3, maxPoints: 1000, timeBudgetSeconds: 60 } }))).toEqual([]);
  });

  it('checks a training job’s definition the same way', () => {
    const { name: _name, ...definition } = auto({ season: 0 }, { transforms: {} });
    expect(issuesOf({ model: 'a', definition }, createTrainingJobSchema)).toEqual([
      "definition.params.season: must be at least 1 step, or 'auto'",
      expect.stringMatching(/^definition\.transforms: /),
    ]);
  });

  it('documents auto, its params and the lookback as its cap for OpenAPI', () => {
    expect(createModelSchema.shape.architecture.description).toMatch(/'auto'/);
    expect(createModelSchema.shape.lookback.description).toMatch(/the most any forecast reads.*auto chooses its lookbacks up to it/);
    expect(createModelSchema.shape.params.description).toMatch(/An auto model's: \{ season\?/);
    const json = z.toJSONSchema(createModelSchema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as { properties: Record<string, { description?: string; examples?: unknown[] }> };
    expect(json.properties.params.description).toMatch(/timeBudgetSeconds/);
    expect(json.properties.params.examples).toContainEqual({ season: 24, timeBudgetSeconds: 120, maxMembers: 3 });
    expect(json.properties.lookback.description).toMatch(/auto chooses its lookbacks up to it/);
    expect(autoParamsSchema.shape.season.description).toMatch(/'auto'/);
  });
});

describe('contracts › model definitions › esn', () => {
  const esn = (params: unknown, extra: Record<string, unknown> = {}) => ({ name: 'r', selector: { fleet: 'x' }, architecture: 'esn', lookback: 48, horizon: 12, params, ...extra });
  const issuesOf = (definition: unknown, schema: typeof createModelSchema | typeof createTrainingJobSchema = createModelSchema) => {
    const parsed = schema.safeParse(definition);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts each reservoir option, a fixed or chosen penalty, several reservoirs and an online readout, and keeps params as sent', () => {
    const params = { reservoirSize: 300, spectralRadius: 0.95, leakRate: 0.3, inputScaling: 0.5, sparsity: 0.9, seed: 7, washout: 48, regularization: 2.5, reservoirs: 3, online: true };
    expect(issuesOf(esn(params))).toEqual([]);
    expect(createModelSchema.parse(esn(params)).params).toEqual(params);
    expect(issuesOf(esn({}, { training: { loss: 'mse' } }))).toEqual([]);
  });

  it('refuses, by field, options out of range, a washout past the lookback, quantiles, calendar inputs and a loss other than mse', () => {
    expect(issuesOf(esn({ reservoirSize: 0, spectralRadius: 0, leakRate: 2, sparsity: 1, regularization: 'gcv', reservoirs: 11 }))).toEqual([
      expect.stringMatching(/^params\.reservoirSize: /),
      expect.stringMatching(/^params\.spectralRadius: /),
      expect.stringMatching(/^params\.leakRate: /),
      expect.stringMatching(/^params\.sparsity: /),
      expect.stringMatching(/^params\.regularization: /),
      expect.stringMatching(/^params\.reservoirs: /),
    ]);
    expect(issuesOf(esn({ washout: 49 }))).toEqual(['params.washout: the reservoir reads the window, so at most the lookback (48)']);
    expect(issuesOf(esn({ units: 4 }))).toEqual([expect.stringMatching(/^params: Unrecognized key/)]);
    expect(issuesOf(esn({}, { quantiles: [0.1, 0.5, 0.9], calendar: ['hourOfDay'] }))).toEqual([
      expect.stringMatching(/^quantiles: an ESN has no quantile head/),
      'calendar: an ESN takes no calendar inputs',
    ]);
    expect(issuesOf(esn({}, { training: { loss: 'mae' } }))).toEqual(["training.loss: an ESN's readout is fitted by least squares: leave the loss out or set 'mse'"]);
  });

  it('documents its params for the OpenAPI page', () => {
    expect(createModelSchema.shape.architecture.description).toMatch(/'esn', an Echo State Network/);
    expect(createModelSchema.shape.params.meta()?.description).toMatch(/An ESN's: \{ reservoirSize\?/);
    expect(createModelSchema.shape.params.meta()?.examples).toContainEqual({ reservoirSize: 200, leakRate: 0.3, reservoirs: 3 });
  });
});

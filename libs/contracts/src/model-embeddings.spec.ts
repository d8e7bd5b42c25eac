import { createModelSchema, createTrainingJobSchema, MAX_EMBEDDING_DIM } from './models';

describe('contracts › model definitions › embeddings', () => {
  const definition = (fields: Record<string, unknown>) => ({ name: 'm', selector: { site: 'a' }, architecture: 'gru', lookback: 24, horizon: 6, ...fields });
  const issuesOf = (fields: Record<string, unknown>) => {
    const parsed = createModelSchema.safeParse(definition(fields));
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it.each([[{ series: 8 }], [{ labels: { site: 4 } }], [{ series: 8, labels: { site: 4, product: 2 } }]])('accepts %j on a selector model and keeps it as sent', (embeddings) => {
    expect(createModelSchema.parse(definition({ embeddings })).embeddings).toEqual(embeddings);
    const { name: _name, ...jobDefinition } = definition({ embeddings });
    expect(createTrainingJobSchema.parse({ model: 'm', definition: jobDefinition }).definition?.embeddings).toEqual(embeddings);
  });

  it.each([
    [{ embeddings: {} }, 'embeddings: embeds nothing: give series and/or labels'],
    [{ embeddings: { series: 0 } }, 'embeddings.series: Too small'],
    [{ embeddings: { series: MAX_EMBEDDING_DIM + 1 } }, 'embeddings.series: Too big'],
    [{ embeddings: { labels: { site: 1.5 } } }, 'embeddings.labels.site: Invalid input: expected int'],
    [{ embeddings: { labels: { '': 2 } } }, 'embeddings.labels'],
    [{ embeddings: { series: 4, size: 2 } }, 'embeddings: Unrecognized key'],
    [{ embeddings: { series: 4 }, selector: undefined, seriesKey: 'a/b' }, 'embeddings: embeddings are learned across the series of a global model'],
    [{ embeddings: { series: 4 }, architecture: 'esn' }, 'embeddings: an esn model learns no embeddings of its own'],
    [{ embeddings: { series: 4 }, architecture: 'auto' }, 'embeddings: an auto model learns no embeddings of its own'],
  ])('refuses %j by field', (fields, issue) => {
    expect(issuesOf(fields)).toEqual(expect.arrayContaining([expect.stringContaining(issue)]));
  });

  it('documents the field for OpenAPI', () => {
    expect(createModelSchema.shape.embeddings.description).toMatch(/learned vectors of categorical inputs.*'unknown' vector/);
  });
});

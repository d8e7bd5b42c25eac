import type { TransformPipeline } from '../transforms';
import { assertSeriesInput, type InputChannels, type SeriesInput } from '../windowing';
import { chronologicalSplit, type ChronologicalSplit, type SplitLayout } from './chronological-split';

/**
 * Checks every series a fit is given (finite, with the inputs the layout reads, in the transforms' domain), then
 * splits each chronologically into training and validation windows. fit() names its one series `series`, fitMany()
 * each `series[i]`.
 */
export function checkedSplits(
  inputs: readonly SeriesInput[],
  layout: InputChannels & SplitLayout,
  pipeline: TransformPipeline,
  validationSplit: number,
  method: 'fit' | 'fitMany',
): ChronologicalSplit[] {
  inputs.forEach((input, i) => {
    const name = method === 'fit' ? 'series' : `series[${i}]`;
    assertSeriesInput(name, input, layout);
    pipeline.assertInDomain(name, input);
  });
  return inputs.map((input, i) => chronologicalSplit(input.values.length, layout, validationSplit, method === 'fit' ? 'fit()' : `fitMany() series[${i}]`));
}

// A whole training run from a preset and overrides, through the engine's own train().
import { layoutFor, resolvePreset, toVector, train, type PresetId } from '../../shared/engine/index.js';

export function runPreset(id: PresetId, overrides: Parameters<typeof resolvePreset>[1] = {}, steps?: number) {
  const start = resolvePreset(id, overrides);
  const layout = layoutFor(start.setup.width);
  const run = train({
    shape: { activation: start.setup.activation, width: start.setup.width },
    data: start.setup.data,
    params: toVector(layout, start.params),
    trainable: start.setup.trainable.map((n) => layout.indexOf(n)!),
    learningRate: start.setup.learningRate,
    rule: start.setup.rule,
    ...(steps !== undefined && { steps }),
  });
  return { start, run, layout };
}
